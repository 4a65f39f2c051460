import { existsSync } from 'node:fs';

/**
 * Loads `.env` into process.env when it exists, without overriding what the shell already set.
 * Node 20.12+ has process.loadEnvFile; on older Node the file is skipped with a note.
 */
export function loadDotEnv(path: string): boolean {
  if (!existsSync(path)) return false;
  if (typeof process.loadEnvFile !== 'function') {
    console.warn(`Found ${path}, but Node ${process.version} cannot load it: export its variables instead.`);
    return false;
  }
  process.loadEnvFile(path);
  return true;
}

/** An empty value in .env means "not set", as in core/config.ts. */
export function envValue(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
