import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const runtimeDir = join(dirname(require.resolve('@prisma/client/package.json')), 'runtime');

describe('the Prisma runtime patch (scripts/patch-prisma-runtime.mjs)', () => {
  it('is applied by the install: both runtime builds keep the parameterization graph in Maps', () => {
    for (const file of ['client.js', 'client.mjs']) {
      const text = readFileSync(join(runtimeDir, file), 'utf8');
      expect(text, file).toContain('let o=n.edges.get(i);');
      expect(text, file).not.toContain('let o=n.edges[i];');
    }
  });

  it('changes nothing when run again', () => {
    const before = readFileSync(join(runtimeDir, 'client.js'), 'utf8');
    const output = execFileSync(process.execPath, ['scripts/patch-prisma-runtime.mjs'], { encoding: 'utf8' });
    expect(output).toBe('');
    expect(readFileSync(join(runtimeDir, 'client.js'), 'utf8')).toBe(before);
  });
});
