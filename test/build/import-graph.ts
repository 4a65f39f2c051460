import { existsSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';
import { init, parse } from 'es-module-lexer';

/** What a set of entry points can load, read from the emitted JavaScript. */
export interface ImportGraph {
  /** Every module reached, relative to the root, entries first. */
  modules: string[];
  /** Package name → the modules that import it (`@prisma/client/runtime/client` counts as `@prisma/client`). */
  packages: Map<string, string[]>;
  /** `module → specifier` for relative imports that name no file (a `.ts` extension left unrewritten). */
  unresolved: string[];
  /** `module: expression` for import() of something computed at run time, which a walk cannot follow. */
  opaque: string[];
}

/** `require('x')` and `require.resolve('x')` (through createRequire): ES module syntax does not show them. */
const REQUIRE_CALL = /\brequire(?:\.resolve)?\(\s*(['"])([^'"\n]+)\1\s*\)/g;

/**
 * Follows static imports, re-exports, string-literal dynamic imports and require calls from the entries
 * (paths relative to `root`). A lexer, not a regex, reads the imports, so comments and strings do not count.
 */
export async function walkImportGraph(root: string, entries: readonly string[]): Promise<ImportGraph> {
  await init;
  const graph: ImportGraph = { modules: [], packages: new Map(), unresolved: [], opaque: [] };
  const seen = new Set<string>();
  const queue = entries.map((entry) => resolve(root, entry));
  for (const file of queue) seen.add(file);

  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const name = toPosix(relative(root, file));
    graph.modules.push(name);
    const source = readFileSync(file, 'utf8');
    const specifiers: string[] = [];
    const [imports] = parse(source, name);
    for (const entry of imports) {
      if (entry.d === -2) continue; // import.meta
      if (entry.n === undefined) graph.opaque.push(`${name}: ${source.slice(entry.ss, entry.se)}`);
      else specifiers.push(entry.n);
    }
    for (const match of source.matchAll(REQUIRE_CALL)) if (match[2]) specifiers.push(match[2]);

    for (const specifier of specifiers) {
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const target = resolve(dirname(file), specifier);
        if (!existsSync(target)) graph.unresolved.push(`${name} → ${specifier}`);
        else if (!seen.has(target)) {
          seen.add(target);
          queue.push(target);
        }
      } else if (!isBuiltin(specifier)) {
        const pkg = packageName(specifier);
        const importers = graph.packages.get(pkg) ?? [];
        if (!importers.includes(name)) importers.push(name);
        graph.packages.set(pkg, importers);
      }
    }
  }
  return graph;
}

export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * What production must not load: the playground, the emulator and every other tool, the demo (its
 * script, its seed, the embedded PGlite database), tests and benchmarks. Paths as compiled into dist/.
 */
export const DEMO_ONLY_PATHS = [
  'tools/',
  'scripts/demo/',
  'scripts/demo.js',
  'core/demo/',
  'core/db/embedded',
  'prisma/seed',
  'test/',
  'bench/',
];

/** Everything wrong with a production graph, one line each; empty when it is lean. */
export function productionViolations(graph: ImportGraph, dependencies: readonly string[]): string[] {
  const violations: string[] = [];
  for (const line of graph.unresolved) violations.push(`import of a missing file: ${line}`);
  for (const line of graph.opaque) violations.push(`import the walk cannot follow: ${line}`);
  for (const [pkg, importers] of graph.packages) {
    if (!dependencies.includes(pkg))
      violations.push(`${pkg} is not in dependencies, but ${importers.join(', ')} import(s) it`);
  }
  for (const pkg of dependencies) {
    if (!graph.packages.has(pkg)) violations.push(`${pkg} is in dependencies, but production never loads it`);
  }
  for (const module of graph.modules) {
    if (module.startsWith('../')) violations.push(`${module} is outside the build`);
    else if (DEMO_ONLY_PATHS.some((path) => module.startsWith(path)))
      violations.push(`${module} is demo-only or development-only`);
  }
  return violations;
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
