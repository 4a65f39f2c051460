import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { Stack, textOf } from './stack.ts';
import { seedVillage } from './talk-helpers.ts';

/**
 * Several processes, one village of 200 members, 2,000 updates: two bots behind a load balancer
 * (webhook mode), then two bots polling (one polls, both dispatch), two workers each time. Each chat
 * alternates a read that is refused in the member's language (`/issue 9k`) with a write that switches
 * that language (`/lang en`, `/lang zh`), so a reply out of order, doubled, lost, or computed before
 * the previous update committed shows up as a wrong text at its place.
 */
const CHATS = 200;
const PER_CHAT = 10;
const people: UserSpec[] = Array.from({ length: CHATS }, (_, i) => ({
  id: 79000 + i,
  first_name: `m${i}`,
  language_code: 'zh-hans',
}));
let prisma: PrismaClient;
let stack: Stack | undefined;
let balancer: Server | undefined;
/** Webhook deliveries the balancer sent to each bot's port. */
const forwarded = new Map<number, number>();

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  await seedVillage(prisma, { name: 'Many village', creatorId: 79999, users: people });
}, 120_000);

afterEach(async () => {
  await stack?.stop();
  stack = undefined;
  await new Promise((resolve) => (balancer ? balancer.close(resolve) : resolve(undefined)));
  balancer = undefined;
});

afterAll(() => prisma?.$disconnect());

/** What the k-th update of a chat says, and what its answer must contain. */
function step(k: number): { text: string; expected: string } {
  if (k % 2 === 1) {
    return k % 4 === 1
      ? { text: '/lang en', expected: 'I will speak English' }
      : { text: '/lang zh', expected: '以后用中文' };
  }
  const english = k % 4 === 2;
  return {
    text: `/issue 9${k}`,
    expected: english ? `There is no item #9${k}.` : `没有找到第 9${k} 号`,
  };
}

async function sendLoadAndCheck(current: Stack): Promise<void> {
  const since = current.emulator.lastSeq();
  for (let k = 0; k < PER_CHAT; k++) {
    for (const person of people) current.emulator.sendText(person, step(k).text);
  }
  const repliesOf = (person: UserSpec) =>
    current.emulator
      .calls({ chatId: person.id, method: 'sendMessage', ok: true, sinceSeq: since })
      .map(textOf);
  const deadline = Date.now() + 90_000;
  while (people.some((person) => repliesOf(person).length < PER_CHAT) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await current.settled(prisma, 30_000);
  // Time for a doubled reply to show, were there one.
  await new Promise((resolve) => setTimeout(resolve, 1_500));

  const wrong: string[] = [];
  for (const person of people) {
    const replies = repliesOf(person);
    const expected = Array.from({ length: PER_CHAT }, (_, k) => step(k).expected);
    const fits =
      replies.length === PER_CHAT && replies.every((reply, k) => reply.includes(expected[k] ?? ''));
    if (!fits) wrong.push(`${person.id}: ${JSON.stringify(replies)}`);
  }
  expect(wrong.slice(0, 3)).toEqual([]);
  expect(await prisma.inboundUpdate.count()).toBe(CHATS * PER_CHAT);
  expect(await prisma.inboundUpdate.count({ where: { handledAt: null } })).toBe(0);
  expect(await prisma.inboundUpdate.count({ where: { lastError: { not: null } } })).toBe(0);
}

async function freshRound(): Promise<Stack> {
  await prisma.inboundUpdate.deleteMany();
  await prisma.chatLease.deleteMany();
  await prisma.user.updateMany({ data: { locale: null } });
  return Stack.start({ rateLimits: false });
}

function roundRobinBalancer(ports: number[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const port = ports[next++ % ports.length] ?? 0;
    forwarded.set(port, (forwarded.get(port) ?? 0) + 1);
    const forward = request(
      { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.writeHead(502).end());
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('two bots, two workers, 200 chats, 2,000 updates', () => {
  it('in webhook mode behind a load balancer: every answer once, in order', async () => {
    stack = await freshRound();
    const ports = [await freePort(), await freePort()];
    balancer = await roundRobinBalancer(ports);
    const url = `http://127.0.0.1:${(balancer.address() as AddressInfo).port}/telegram`;
    for (const port of ports) {
      await stack.startBot({
        BOT_MODE: 'webhook',
        WEBHOOK_URL: url,
        WEBHOOK_SECRET: 'many-processes-secret-0123',
        WEBHOOK_PORT: String(port),
        WEBHOOK_HOST: '127.0.0.1',
      });
    }
    await stack.startWorker();
    await stack.startWorker();
    await sendLoadAndCheck(stack);
    // Both bots received: the balancer gave each half of the deliveries.
    expect(
      ports.map((port) => forwarded.get(port) ?? 0).every((count) => count >= CHATS * PER_CHAT * 0.4),
    ).toBe(true);
  }, 180_000);

  it('in polling mode: one polls, both dispatch, every answer once, in order', async () => {
    stack = await freshRound();
    await stack.startBot();
    await stack.startBot();
    await stack.startWorker();
    await stack.startWorker();
    await sendLoadAndCheck(stack);
    expect(stack.emulator.calls({ method: 'getUpdates' }).filter((call) => !call.ok)).toEqual([]);
  }, 180_000);
});
