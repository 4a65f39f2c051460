/**
 * /points and /top through the emulator against the compiled bot (`node dist/bot/main.js`), in the
 * big village: one update at a time, each from a different seeded member spread over the village,
 * ms from injecting the update to the emulator recording the reply.
 */
import type { BotApiEmulator, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { startBotProcess } from '../lib/bot-process.ts';
import { type LoadTarget, measureLatency, measureThroughput } from '../lib/load.ts';
import { ReplyWatcher } from '../lib/reply-watcher.ts';
import { type LatencySummary, summarizeLatencies } from '../lib/stats.ts';
import { yingshanMe } from '../scenarios/me-command.ts';

export const LEDGER_BOT_TOKEN = '5550003:bench-yingshan-ledger-token';

/** The Telegram user member `number` (1-based) of a village seeded with `userIdBase` speaks as. */
export function villageUser(userIdBase: number, number: number): UserSpec {
  return { id: userIdBase + number, first_name: `村民${number}`, language_code: 'zh-hans' };
}

export interface CommandLatency {
  text: string;
  latency: LatencySummary;
  unexpected: number;
}

export interface LatencyRun {
  commands: CommandLatency[];
  logLines: string[];
  strayReplies: number;
}

/** What each command's reply must contain to count as its answer (not an error message). */
const EXPECTED: Record<string, string> = {
  '/points': '全村排名',
  '/top': '1. ',
  '/top week': '1. ',
};

export async function measurePointsLatency(input: {
  emulator: BotApiEmulator;
  environment: { databaseUrl: string; redisUrl: string; redisPrefix: string };
  members: number;
  userIdBase: number;
  samples: number;
  warmup: number;
}): Promise<LatencyRun> {
  const env = {
    ...yingshanMe.env({ ...input.environment, emulatorUrl: input.emulator.url, users: [] }),
    BOT_TOKEN: LEDGER_BOT_TOKEN,
  };
  const bot = await startBotProcess('dist/bot/main.js', env, input.emulator, LEDGER_BOT_TOKEN);
  const watcher = new ReplyWatcher(input.emulator, LEDGER_BOT_TOKEN);
  try {
    const commands: CommandLatency[] = [];
    const texts = Object.keys(EXPECTED);
    const step = Math.max(1, Math.floor(input.members / (input.samples + input.warmup)));
    for (const [c, text] of texts.entries()) {
      // Different members per command, spread over the whole village.
      const users = Array.from({ length: input.samples + input.warmup }, (_, i) =>
        villageUser(input.userIdBase, ((i * step + c) % input.members) + 1),
      );
      const target = (list: UserSpec[]): LoadTarget => ({
        emulator: input.emulator,
        token: LEDGER_BOT_TOKEN,
        users: list,
        text,
        watcher,
        isExpectedReply: (reply) => reply.text.includes(EXPECTED[text] ?? ''),
        replyTimeoutMs: 30_000,
      });
      const warm = users.slice(0, input.warmup);
      const warmup = await measureThroughput(target(warm), warm.length, Math.min(10, warm.length));
      const measured = await measureLatency(target(users.slice(input.warmup)), input.samples);
      commands.push({
        text,
        latency: summarizeLatencies(measured.latenciesMs),
        unexpected: warmup.unexpected + measured.unexpected,
      });
    }
    return {
      commands,
      strayReplies: watcher.strayReplies,
      logLines: bot
        .output()
        .split('\n')
        .filter((line) => line.trim() !== ''),
    };
  } finally {
    watcher.close();
    await bot.stop();
  }
}
