import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { createI18n } from '../../bot/i18n.ts';
import { type Config, parseConfig } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { GroupWindows } from '../../worker/telegram-limits.ts';

export const TEST_BOT_TOKEN = '123456:TESTTOKEN_abcdefghij';
export const TEST_QR_SECRET = 'worker-tests-qr-secret-0123456789';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// No trailing slash: @grammyjs/i18n 1.1 derives the locale from the path after the directory and
// fails to read any file when the directory ends with a separator.
const FIXTURE_LOCALES = fileURLToPath(new URL('./fixtures/locales', import.meta.url));

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (the test harness provides it)');
  return url;
}

/** A key prefix of this test's own, under the run's prefix, so tests never see each other's jobs. */
export function uniquePrefix(): string {
  return `${process.env.REDIS_PREFIX ?? 'yingshan-test'}-w${randomBytes(4).toString('hex')}`;
}

export function testConfig(overrides: Record<string, string>): Config {
  return parseConfig({
    BOT_TOKEN: TEST_BOT_TOKEN,
    DATABASE_URL: databaseUrl(),
    REDIS_URL,
    QR_SECRET: TEST_QR_SECRET,
    LOG_LEVEL: 'silent',
    DEFAULT_LOCALE: 'zh-CN',
    ...overrides,
  });
}

/** The worker's i18n with a test-only message, `worker-test-hello` ($name, $number), in both locales. */
export function createTestI18n(): I18n {
  return new I18n({
    defaultLocale: 'zh-CN',
    directory: FIXTURE_LOCALES,
    useSession: false,
    fluentBundleOptions: { useIsolating: false },
  });
}

export interface TestMember {
  memberId: number;
  userId: number;
  villageId: number;
}

/** A village, a user with a random Telegram id and the given /lang choice, and their membership. */
export async function createTestMember(
  prisma: PrismaClient,
  options: { locale?: 'zh-CN' | 'en' | null; languageCode?: string } = {},
): Promise<TestMember> {
  const userId = randomInt(5_000_000_000, 6_000_000_000);
  await prisma.user.create({
    data: {
      id: BigInt(userId),
      firstName: 'Tester',
      locale: options.locale ?? null,
      languageCode: options.languageCode ?? null,
    },
  });
  const village = await prisma.village.create({
    data: {
      name: `Worker test ${userId}`,
      inviteCode: `W${randomBytes(6).toString('hex').toUpperCase()}`,
      createdById: BigInt(userId),
    },
  });
  const member = await prisma.member.create({
    data: { villageId: village.id, userId: BigInt(userId), number: 1, realName: 'Tester', status: 'ACTIVE' },
  });
  return { memberId: member.id, userId, villageId: village.id };
}

export async function deleteTestMembers(prisma: PrismaClient, members: TestMember[]): Promise<void> {
  if (members.length === 0) return;
  await prisma.village.deleteMany({ where: { id: { in: members.map((m) => m.villageId) } } });
  await prisma.user.deleteMany({ where: { id: { in: members.map((m) => BigInt(m.userId)) } } });
}

/** Removes every key under a BullMQ prefix. */
export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Polls until `check` returns a value other than undefined/false; fails after timeoutMs. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  { timeoutMs = 15_000, intervalMs = 50, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What a job handler called directly (not through a queue) needs: the emulator's Bot API as the test
 * bot, the real locales in Chinese, a queue that is never in a penalty window, and a silent logger.
 */
export function directJobDeps(prisma: PrismaClient, apiRoot: string) {
  return {
    prisma,
    api: new Api(TEST_BOT_TOKEN, { apiRoot }),
    i18n: createI18n('zh-CN'),
    defaultLocale: 'zh-CN' as const,
    limits: {
      queue: { remainingPenaltyMs: async () => 0, impose: async () => {} },
      groups: new GroupWindows(),
    },
    logger: createLogger('silent', 'test'),
  };
}
