/**
 * Makes Prisma's client keep its parameterization graph in Maps instead of integer-keyed objects.
 *
 * Prisma 7.10's runtime decodes that graph (what it uses to turn a query's values into parameters)
 * into about 3,300 objects keyed by string-table indices, `edges[index] = edge`. V8 stores integer keys
 * below ~1,000 as a holey array as long as the largest index, so each small object carries a backing
 * store of several kilobytes: 18 MB of heap for this schema, a sixth of the bot's memory (measured with
 * a heap snapshot; `npm run bench` prints the RSS). The same entries in Maps take about 3 MB.
 *
 * npm has no built-in patching, and patch-package would store a diff of the runtime's minified
 * 99,000-character line; five exact replacements are easier to review. Each must match exactly once in
 * the version written for, or nothing is changed and the install fails, so an upgrade cannot apply half
 * a patch. Run again, it sees the patched text and does nothing. Plain JavaScript: it runs at install
 * time, before tsx or a build exists (postinstall, and the Docker image's runtime stage).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const PATCHED_VERSION = '7.10.0';

/** [original, replacement]: the input and output node decoders, and the two edge lookups. */
const REPLACEMENTS = [
  [
    'o={};for(let s=0;s<i;s++){let a=this.#i(),u=this.#a()',
    'o=new Map;for(let s=0;s<i;s++){let a=this.#i(),u=this.#a()',
  ],
  [
    'o={};for(let s=0;s<i;s++){let a=this.#i(),u=this.#o()',
    'o=new Map;for(let s=0;s<i;s++){let a=this.#i(),u=this.#o()',
  ],
  ['o[a]=S}r.push({edges:o})', 'o.set(a,S)}r.push({edges:o})'],
  ['o[a]=P}r.push({edges:o})', 'o.set(a,P)}r.push({edges:o})'],
  ['let o=n.edges[i];', 'let o=n.edges.get(i);'],
];
/** How often each original occurs in one runtime file. */
const EXPECTED_COUNTS = [1, 1, 1, 1, 2];

const require = createRequire(import.meta.url);
const packageJson = require.resolve('@prisma/client/package.json');
const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
const runtimeDir = join(dirname(packageJson), 'runtime');

if (version !== PATCHED_VERSION) {
  console.warn(
    `patch-prisma-runtime: @prisma/client is ${version}, the patch was written for ${PATCHED_VERSION}; ` +
      'left unpatched (the client works, it only keeps ~18 MB more in memory). Check whether the new ' +
      'version still decodes its parameterization graph into integer-keyed objects, and update this script.',
  );
  process.exit(0);
}

const count = (text, part) => text.split(part).length - 1;

for (const file of ['client.js', 'client.mjs']) {
  const path = join(runtimeDir, file);
  const text = readFileSync(path, 'utf8');
  if (REPLACEMENTS.every(([, patched], i) => count(text, patched) === EXPECTED_COUNTS[i])) continue;
  const mismatch = REPLACEMENTS.findIndex(([original], i) => count(text, original) !== EXPECTED_COUNTS[i]);
  if (mismatch !== -1) {
    console.error(
      `patch-prisma-runtime: ${path} does not hold ${JSON.stringify(REPLACEMENTS[mismatch][0])} ` +
        `${EXPECTED_COUNTS[mismatch]} time(s); nothing changed.`,
    );
    process.exit(1);
  }
  let patched = text;
  for (const [original, replacement] of REPLACEMENTS) patched = patched.replaceAll(original, replacement);
  writeFileSync(path, patched);
  console.log(`patch-prisma-runtime: ${file} keeps its parameterization graph in Maps`);
}
