import type { UserSpec } from '../../tools/bot-api-emulator/index.ts';
import type { Reply } from '../lib/reply-watcher.ts';

/** What every scenario of a run shares. */
export interface BenchEnvironment {
  emulatorUrl: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** The seeded members, as the emulator's users. */
  users: readonly UserSpec[];
}

/** One row of the table: a bot process and the message its users send it. */
export interface Scenario {
  id: string;
  label: string;
  /**
   * Run from the project root: a compiled `.js` with plain `node` (as production runs it), a `.ts`
   * with `node --import tsx`.
   */
  script: string;
  /** Each scenario is a bot of its own on the shared emulator. */
  token: string;
  /** What each user sends. */
  text: string;
  env(environment: BenchEnvironment): Record<string, string>;
  isExpectedReply(reply: Reply, user: UserSpec): boolean;
  /** Printed as PASS/MISS when set. */
  p99TargetMs?: number;
  /** RSS at the end of the throughput phase, printed as PASS/MISS when set. */
  rssAfterTargetMb?: number;
  /** RSS after the idle window, printed as PASS/MISS when set. */
  idleRssTargetMb?: number;
}

/** A ratio line under the table: `scenario` rate / `baseline` rate, against a floor when it has one. */
export interface Comparison {
  scenario: string;
  baseline: string;
  /** Without one the line is printed as INFO. */
  minRatio?: number;
}
