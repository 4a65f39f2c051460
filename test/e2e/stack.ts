import { randomBytes } from 'node:crypto';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  type BotApiEmulator,
  type CreateBotApiEmulatorOptions,
  createBotApiEmulator,
  type RecordedCall,
  type UserSpec,
} from '../../tools/bot-api-emulator/index.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';

export const BOT_TOKEN = '424242:E2E_yingshan_test_token';
export const SECRETARY: UserSpec = { id: 70001, first_name: '李书记', language_code: 'zh-hans' };

/**
 * The real processes, wired as in production but pointed at the local emulator:
 * the bot (and optionally the worker) run as child processes with this run's database.
 */
export class Stack {
  readonly apps: AppProcess[] = [];
  readonly redisPrefix = `${process.env.REDIS_PREFIX}-e2e-${randomBytes(3).toString('hex')}`;

  private constructor(readonly emulator: BotApiEmulator) {}

  static async start(options: CreateBotApiEmulatorOptions = {}): Promise<Stack> {
    return new Stack(await createBotApiEmulator(options));
  }

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      BOT_TOKEN,
      TELEGRAM_API_ROOT: this.emulator.url,
      DATABASE_URL: String(process.env.DATABASE_URL),
      REDIS_URL: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
      REDIS_PREFIX: this.redisPrefix,
      QR_SECRET: 'e2e-qr-secret-0123456789',
      BOT_ADMINS: String(SECRETARY.id),
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  async startBot(extra: Record<string, string> = {}): Promise<AppProcess> {
    const app = await startApp('bot/main.ts', this.env(extra), { readyLog: /"msg":"bot running"/ });
    this.apps.push(app);
    return app;
  }

  async startWorker(): Promise<AppProcess> {
    const app = await startApp('worker/main.ts', this.env(), { readyLog: /"msg":"worker started"/ });
    this.apps.push(app);
    this.#workers.add(app);
    return app;
  }

  readonly #workers = new Set<AppProcess>();

  /**
   * Resolves once every update the emulator holds has been fetched and handled (committed), and, when
   * a worker runs, once everything those updates owe has been delivered (no outbox row left pending or
   * queued: a group post has been sent and recorded, a notice sent).
   */
  async settled(prisma: PrismaClient, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const withWorker = [...this.#workers].some(
      (app) => app.child.exitCode === null && app.child.signalCode === null,
    );
    for (;;) {
      const waiting = this.emulator.pendingUpdates().reduce((sum, bot) => sum + bot.pending, 0);
      const unhandled = await prisma.inboundUpdate.count({ where: { handledAt: null } });
      const owed = withWorker
        ? await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })
        : 0;
      if (waiting === 0 && unhandled === 0 && owed === 0) return;
      if (Date.now() > deadline)
        throw new Error(
          `not settled: ${waiting} in the emulator, ${unhandled} in the inbox, ${owed} owed in the outbox\n${await this.#explain(prisma)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What a stack that did not settle was stuck on: the rows waiting, the leases, the processes' complaints. */
  async #explain(prisma: PrismaClient): Promise<string> {
    const now = await prisma.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const inbox = await prisma.inboundUpdate.findMany({
      where: { handledAt: null },
      select: { updateId: true, chatKey: true, receivedAt: true, attempts: true, lastError: true },
      orderBy: { updateId: 'asc' },
      take: 10,
    });
    const leases = await prisma.chatLease.findMany({ take: 10 });
    const outbox = await prisma.outboxEntry.findMany({
      where: { status: { in: ['PENDING', 'QUEUED'] } },
      select: { key: true, status: true, leaseUntil: true, attempts: true, lastError: true, createdAt: true },
      take: 10,
    });
    const complaints = this.apps.map((app, i) => {
      const lines = app
        .output()
        .split('\n')
        .filter((line) => /"level":[456]0/.test(line));
      return `process ${i} (exit ${app.child.exitCode ?? app.child.signalCode ?? 'running'}):\n${lines.slice(-15).join('\n')}`;
    });
    const show = (value: unknown) =>
      JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? String(v) : v));
    return [
      `database now: ${show(now[0]?.now)}`,
      `inbox: ${show(inbox)}`,
      `leases: ${show(leases)}`,
      `outbox: ${show(outbox)}`,
      ...complaints,
    ].join('\n');
  }

  /** A person talking to the bot in their private chat. */
  person(user: UserSpec): Person {
    return new Person(this.emulator, user);
  }

  async stop(): Promise<void> {
    await Promise.all(this.apps.map((app) => app.stop('SIGTERM')));
    await this.emulator.close();
  }
}

export class Person {
  constructor(
    readonly emulator: BotApiEmulator,
    readonly user: UserSpec,
  ) {}

  get id(): number {
    return this.user.id;
  }

  /** Sends a text and returns the text of the bot's first message in this chat after it. */
  async say(text: string, timeoutMs = 15_000): Promise<string> {
    const { sinceSeq } = this.emulator.sendText(this.user, text);
    return textOf(await this.nextMessage(sinceSeq, timeoutMs));
  }

  /** Waits for the bot's next successful sendMessage to this person after `sinceSeq`. */
  nextMessage(sinceSeq: number, timeoutMs = 15_000): Promise<RecordedCall> {
    return this.emulator.waitForCall(
      { chatId: this.user.id, method: 'sendMessage', ok: true, sinceSeq },
      timeoutMs,
    );
  }

  /** Every text the bot successfully sent to this person, oldest first. */
  received(): string[] {
    return this.emulator.calls({ chatId: this.user.id, method: 'sendMessage', ok: true }).map(textOf);
  }
}

export function textOf(call: RecordedCall): string {
  return String(call.params.text ?? '');
}

/**
 * The secretary creates a village and answers its two questions (real name: their first name, so
 * timelines read as before; household), as a joining villager does. Returns the invite code.
 * Newcomers then join without approval (the secretary turns it off), unless `joinApproval` keeps the
 * village's default: tests not about joining need no approver in the way.
 */
export async function createVillageAs(
  secretary: Person,
  village: string,
  options: { joinApproval?: boolean } = {},
): Promise<string> {
  const code = inviteCodeIn(await secretary.say(`/newvillage ${village}`));
  await secretary.say(secretary.user.first_name);
  await secretary.say(`${secretary.user.first_name}家`);
  if (!options.joinApproval) {
    const answer = await secretary.say('/settings approval off');
    if (!/已关闭审核|Approval is off/.test(answer)) throw new Error(`approval not turned off: ${answer}`);
  }
  return code;
}

/** The invite code in the bot's answer to /newvillage. */
export function inviteCodeIn(text: string): string {
  const code = /join_([A-Z2-9]{8})/.exec(text)?.[1];
  if (!code) throw new Error(`no invite link in: ${text}`);
  return code;
}
