import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder that holds package.json, found by walking up from `from` (a module's import.meta.url).
 * Modules run from source (`bot/i18n.ts`) and compiled (`dist/bot/i18n.js`, one level deeper), so a
 * fixed `../` cannot find locales/, prisma/migrations or .env from both; dist/ has no package.json.
 */
export function findProjectRoot(from: string | URL): string {
  const start = dirname(fileURLToPath(from));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(import.meta.url);
