import { Api } from 'grammy';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PollingReceiver, type PollingTurn } from '../../bot/update-flow/polling-receiver.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { PendingUpdate } from '../../core/inbox/inbox.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

const TOKEN = '5550001:receiver-test-token';
const ALICE = { id: 75001, first_name: 'Alice' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Leadership handed out and taken back by the test, as PollingLeader does on lock and connection loss. */
class ScriptedTurn implements PollingTurn {
  #term: AbortController | undefined;
  readonly #waiters = new Set<(signal: AbortSignal) => void>();

  get isLeader(): boolean {
    return this.#term !== undefined;
  }

  lead(): void {
    this.#term = new AbortController();
    for (const waiter of [...this.#waiters]) waiter(this.#term.signal);
    this.#waiters.clear();
  }

  lose(): void {
    this.#term?.abort();
    this.#term = undefined;
  }

  leadership(cancel?: AbortSignal): Promise<AbortSignal | undefined> {
    if (this.#term) return Promise.resolve(this.#term.signal);
    return new Promise((resolve) => {
      const waiter = (signal: AbortSignal) => resolve(signal);
      this.#waiters.add(waiter);
      cancel?.addEventListener('abort', () => {
        this.#waiters.delete(waiter);
        resolve(undefined);
      });
    });
  }
}

let prisma: PrismaClient;
let emulator: BotApiEmulator;
let receiver: PollingReceiver | undefined;

beforeAll(() => {
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  emulator = await createBotApiEmulator({ rateLimits: false });
});

afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
  await emulator.close();
});

describe('PollingReceiver with a leader', () => {
  it('polls only while it leads, and stops the moment it does not', async () => {
    const turn = new ScriptedTurn();
    const stored: PendingUpdate[] = [];
    receiver = new PollingReceiver({
      api: new Api(TOKEN, { apiRoot: emulator.url }),
      prisma,
      logger: pino({ level: 'silent' }),
      onStored: (updates) => stored.push(...updates),
      leader: turn,
    });
    await receiver.start();
    emulator.sendText(ALICE, 'before anyone leads');
    await sleep(300);
    expect(emulator.calls({ bot: TOKEN })).toEqual([]);

    turn.lead();
    await emulator.waitForCall({ bot: TOKEN, method: 'getUpdates' });
    expect(emulator.calls({ bot: TOKEN }).map((call) => call.method)[0]).toBe('deleteWebhook');
    while (stored.length < 1) await sleep(10);
    // Now waiting in a long poll.
    await sleep(100);
    const sinceSeq = emulator.lastSeq();

    turn.lose();
    // The long poll is abandoned at once (the emulator records it when the connection goes)...
    const abandoned = await emulator.waitForCall({ bot: TOKEN, method: 'getUpdates', sinceSeq }, 500);
    expect(abandoned.ok).toBe(true);
    // ...and nothing more is asked: the new poller's polls would otherwise end with 409.
    emulator.sendText(ALICE, 'while another leads');
    await sleep(500);
    expect(emulator.calls({ bot: TOKEN, sinceSeq: abandoned.seq })).toEqual([]);
    expect(stored).toHaveLength(1);

    turn.lead();
    while (stored.length < 2) await sleep(10);
    expect(stored.map((update) => update.chatKey)).toEqual([`chat:${ALICE.id}`, `chat:${ALICE.id}`]);
    expect(await prisma.inboundUpdate.count()).toBe(2);
    expect(emulator.calls({ bot: TOKEN, ok: false })).toEqual([]);
  });

  it('does not confirm its offset on stop once it no longer leads', async () => {
    const turn = new ScriptedTurn();
    receiver = new PollingReceiver({
      api: new Api(TOKEN, { apiRoot: emulator.url }),
      prisma,
      logger: pino({ level: 'silent' }),
      onStored: () => {},
      leader: turn,
    });
    await receiver.start();
    turn.lead();
    emulator.sendText(ALICE, 'one');
    while ((await prisma.inboundUpdate.count()) < 1) await sleep(10);
    turn.lose();
    await sleep(100);
    const sinceSeq = emulator.lastSeq();
    await receiver.stop();
    receiver = undefined;
    expect(emulator.calls({ bot: TOKEN, sinceSeq })).toEqual([]);
  });
});
