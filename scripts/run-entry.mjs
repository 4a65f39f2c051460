/**
 * Runs one entry point wherever the project is installed, for scripts such as `npm run db:migrate`:
 * from source through tsx in a development checkout, compiled (dist/, `npm run build`) in a production
 * install, which has neither tsx (a devDependency) nor the TypeScript sources (the Docker image).
 * Plain JavaScript, so that it runs in both.
 *
 *   node scripts/run-entry.mjs prisma/migrate deploy   →  tsx prisma/migrate.ts deploy
 *                                                       or node dist/prisma/migrate.js deploy
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('Usage: node scripts/run-entry.mjs <entry, e.g. prisma/migrate> [arguments…]');
  process.exit(64);
}

const source = fileURLToPath(new URL(`../${entry}.ts`, import.meta.url));
const compiled = fileURLToPath(new URL(`../dist/${entry}.js`, import.meta.url));

function isTsxInstalled() {
  try {
    import.meta.resolve('tsx');
    return true;
  } catch {
    return false;
  }
}

let command;
if (existsSync(source) && isTsxInstalled()) command = ['--import', 'tsx', source];
else if (existsSync(compiled)) command = [compiled];
else {
  console.error(`Cannot run ${entry}: no tsx to run ${entry}.ts, and no dist/${entry}.js (npm run build).`);
  process.exit(1);
}

const child = spawn(process.execPath, [...command, ...args], { stdio: 'inherit' });
// A terminal's Ctrl-C reaches the child too (same process group); a SIGTERM is for this process only.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
