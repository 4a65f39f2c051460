import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../scripts/lib/node-flags.ts';

/** The `["node", …]` command arrays a file spells (Dockerfile CMD, compose `command:`) for the bot or the worker. */
function nodeCommands(text: string): string[][] {
  return [...text.matchAll(/\[\s*"node"[^\]]*\]/g)]
    .map((match) => JSON.parse(match[0]) as string[])
    .filter((argv) => /dist\/(bot|worker)\/main\.js$/.test(argv.at(-1) ?? ''));
}

describe('the deploy files start the programs as npm start does', () => {
  it('the image: the node flags on its command, the malloc settings in its environment', async () => {
    const dockerfile = await readFile('Dockerfile', 'utf8');
    expect(nodeCommands(dockerfile)).toEqual([['node', ...PRODUCTION_NODE_FLAGS, 'dist/bot/main.js']]);
    const env = dockerfile.split('\n').find((line) => line.startsWith('ENV MALLOC_')) ?? '';
    for (const [name, value] of Object.entries(PRODUCTION_ENV)) expect(env).toContain(`${name}=${value}`);
  });

  it('docker compose: the bot and the worker with the same flags', async () => {
    const compose = await readFile('docker-compose.yml', 'utf8');
    expect(nodeCommands(compose)).toEqual([
      ['node', ...PRODUCTION_NODE_FLAGS, 'dist/bot/main.js'],
      ['node', ...PRODUCTION_NODE_FLAGS, 'dist/worker/main.js'],
    ]);
  });
});
