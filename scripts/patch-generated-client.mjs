/**
 * Makes the generated Prisma client read its query compiler's WebAssembly as a file instead of importing
 * it as a module.
 *
 * Prisma 7.10's generated client gets the compiler (2.3 MB of base64 in
 * `@prisma/client/runtime/query_compiler_*_bg.postgresql.wasm-base64.mjs`) with a dynamic `import()`.
 * An imported module lives as long as the process, and V8 keeps both its source text and the exported
 * string: 4.4 MB of the bot's heap that is needed once, at start (measured with a heap snapshot; `npm
 * run bench` prints the RSS). Read as text and decoded, the same bytes become garbage once compiled.
 *
 * Runs after every `prisma generate` (`npm run db:generate`). One exact replacement: if the generated
 * code does not hold it once, nothing is changed and the command fails, so an upgrade of Prisma cannot
 * pass unnoticed; run again, it sees the patched text and does nothing. Plain JavaScript, like
 * patch-prisma-runtime.mjs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLIENT = fileURLToPath(new URL('../prisma/generated/internal/class.ts', import.meta.url));
const MARK = '// patched by scripts/patch-generated-client.mjs';
const ORIGINAL =
  /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/query_compiler_\w+_bg\.postgresql\.wasm-base64\.mjs)"\)\n(\s*)return await decodeBase64AsWasm\(wasm\)/g;

const text = readFileSync(CLIENT, 'utf8');
if (text.includes(MARK)) process.exit(0);
const matches = [...text.matchAll(ORIGINAL)];
if (matches.length !== 1) {
  console.error(
    `patch-generated-client: ${CLIENT} imports its query compiler's WebAssembly ${matches.length} time(s) ` +
      'in the shape this script knows (once expected); nothing changed. Check what the new Prisma generates.',
  );
  process.exit(1);
}
const patched = text.replace(
  ORIGINAL,
  (_, specifier, indent) =>
    `${MARK}: read, not imported, so the base64 is not kept for the life of the process\n` +
    `${indent}const { readFile } = await import('node:fs/promises')\n` +
    `${indent}const { createRequire } = await import('node:module')\n` +
    `${indent}const source = await readFile(createRequire(import.meta.url).resolve("${specifier}"), 'latin1')\n` +
    `${indent}return await decodeBase64AsWasm(source.slice(source.indexOf('"') + 1, source.lastIndexOf('"')))`,
);
writeFileSync(CLIENT, patched);
console.log('patch-generated-client: the query compiler is read from its file, not imported');
