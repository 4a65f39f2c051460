import { readdirSync, statSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

export const PLAYGROUND_DIR = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(PLAYGROUND_DIR, 'web');
export const DIST_DIR = join(PLAYGROUND_DIR, 'dist');
const SOURCES = [WEB_DIR, join(PLAYGROUND_DIR, 'shared')];
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;

/**
 * Builds the page with Vite when dist/ is missing or older than any source file, then writes a
 * gzip copy of each text file beside it (the server sends those to browsers that accept gzip).
 */
export async function ensureWebBuilt(options: { force?: boolean } = {}): Promise<{ built: boolean }> {
  if (!options.force && builtAt() >= newestSource()) return { built: false };
  const { build } = await import('vite');
  await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  await compressDist();
  return { built: true };
}

function builtAt(): number {
  try {
    return statSync(join(DIST_DIR, 'index.html.gz')).mtimeMs;
  } catch {
    return 0;
  }
}

function newestSource(): number {
  let newest = 0;
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of SOURCES) visit(dir);
  return newest;
}

async function compressDist(): Promise<void> {
  const compress = promisify(gzip);
  const entries = await readdir(DIST_DIR, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    await writeFile(`${path}.gz`, await compress(await readFile(path), { level: 9 }));
  }
}

/** Bytes of the page's scripts and styles, raw and gzipped, as a browser downloads them. */
export async function measureDist(): Promise<{ files: number; rawBytes: number; gzipBytes: number }> {
  const entries = await readdir(join(DIST_DIR, 'assets'), { withFileTypes: true });
  let files = 0;
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(js|css)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files++;
    rawBytes += statSync(path).size;
    gzipBytes += statSync(`${path}.gz`).size;
  }
  return { files, rawBytes, gzipBytes };
}
