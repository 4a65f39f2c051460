import type { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, errorOf, startEmulator } from './helpers.ts';

const CONFLICT =
  'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('getUpdates from two pollers', () => {
  let emulator: BotApiEmulator;
  let api: Api;
  beforeEach(async () => {
    ({ emulator, api } = await startEmulator({ rateLimits: false }));
    emulator.addChat({ user: ALICE });
  });
  afterEach(() => emulator.close());

  it('ends a waiting poll with 409 when another getUpdates arrives, even a short one', async () => {
    const waiting = errorOf(api.getUpdates({ timeout: 5 }));
    await sleep(50);
    await expect(api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
    expect(await waiting).toMatchObject({ error_code: 409, description: CONFLICT });
  });

  it('never answers 409 to a single poller, even one that aborts a poll and polls again at once', async () => {
    let offset = 0;
    for (let round = 0; round < 50; round++) {
      const abort = new AbortController();
      const poll = api.getUpdates({ offset, timeout: 5 }, abort.signal as never).catch(() => []);
      await sleep(round % 4);
      if (round % 2 === 0) emulator.sendText(ALICE, `m${round}`);
      else abort.abort();
      const got = await poll;
      const last = got.at(-1);
      if (last) offset = last.update_id + 1;
      // What a stopping receiver does: confirm its offset right after aborting its long poll.
      const confirmed = await api.getUpdates({ offset, timeout: 0 });
      const newest = confirmed.at(-1);
      if (newest) offset = newest.update_id + 1;
    }
    const refused = emulator.calls({ method: 'getUpdates', ok: false });
    expect(refused).toEqual([]);
    expect(emulator.calls({ method: 'getUpdates' }).length).toBeGreaterThanOrEqual(100);
  });
});
