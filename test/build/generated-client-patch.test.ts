import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLIENT = fileURLToPath(new URL('../../prisma/generated/internal/class.ts', import.meta.url));
const require = createRequire(CLIENT);

describe('the generated client patch (scripts/patch-generated-client.mjs)', () => {
  it('is applied by db:generate: the query compiler is read from its file, never imported', () => {
    const text = readFileSync(CLIENT, 'utf8');
    expect(text).toContain('// patched by scripts/patch-generated-client.mjs');
    expect(text).not.toMatch(
      /await import\("@prisma\/client\/runtime\/query_compiler_[\w.]+\.wasm-base64\.mjs"\)/,
    );
  });

  it('reads a valid WebAssembly module the way the patched code does', () => {
    const text = readFileSync(CLIENT, 'utf8');
    const specifier = /resolve\("(@prisma\/client\/runtime\/query_compiler_[\w.]+\.wasm-base64\.mjs)"\)/.exec(
      text,
    )?.[1];
    expect(specifier).toBeDefined();
    const source = readFileSync(require.resolve(specifier as string), 'latin1');
    const bytes = Buffer.from(source.slice(source.indexOf('"') + 1, source.lastIndexOf('"')), 'base64');
    expect(bytes.length).toBeGreaterThan(1_000_000);
    // The project's TypeScript libraries leave WebAssembly out; Node has it.
    const { WebAssembly: wasm } = globalThis as unknown as {
      WebAssembly: { validate(bytes: Uint8Array): boolean };
    };
    expect(wasm.validate(bytes)).toBe(true);
  });

  it('changes nothing when run again', () => {
    const before = readFileSync(CLIENT, 'utf8');
    const output = execFileSync(process.execPath, ['scripts/patch-generated-client.mjs'], {
      encoding: 'utf8',
    });
    expect(output).toBe('');
    expect(readFileSync(CLIENT, 'utf8')).toBe(before);
  });
});
