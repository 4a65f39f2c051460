import { performance } from 'node:perf_hooks';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import type { BenchEnvironment, Scenario } from '../scenarios/scenario.ts';
import { type BenchProcess, startBotProcess } from './bot-process.ts';
import type { IdleRss } from './idle.ts';
import { type LoadTarget, measureLatency, measureThroughput } from './load.ts';
import type { ProcessMemory } from './process-stats.ts';
import { ReplyWatcher } from './reply-watcher.ts';
import { type LatencySummary, summarizeLatencies } from './stats.ts';

export interface BenchParams {
  users: number;
  warmup: number;
  latencySamples: number;
  updates: number;
  inFlight: number;
  replyTimeoutMs: number;
}

/** A scenario's bot, started, with what was read before its first update. */
export interface StartedScenario {
  scenario: Scenario;
  bot: BenchProcess;
  /** From spawning the process to its last call before polling. */
  readyMs: number;
  /** VmRSS the moment it was ready. */
  readyRssKb: number;
  /** VmRSS over the idle window (set by the caller once the window is over). */
  idle?: IdleRss;
}

export interface ScenarioResult {
  scenario: Scenario;
  /** How the bot was run: `node dist/bot/main.js`. */
  command: string;
  latency: LatencySummary;
  /** Updates answered per second in the throughput phase. */
  rate: number;
  throughputMs: number;
  /** The bot process's CPU time (user + system) per update in the throughput phase. */
  cpuMsPerUpdate: number;
  /** At the end of the throughput phase. */
  memory: ProcessMemory;
  readyRssKb: number;
  /** Over the idle window, before the first update. */
  idle: IdleRss;
  /** Replies that were not the expected answer, in every phase. */
  unexpected: number;
  strayReplies: number;
  /** What the process logged: warnings and errors only, at LOG_LEVEL=warn. */
  logLines: string[];
  phases: PhaseTimings;
}

export interface PhaseTimings {
  readyMs: number;
  warmupMs: number;
  latencyMs: number;
}

/** Starts the scenario's bot and waits until it is ready. */
export async function startScenario(
  scenario: Scenario,
  emulator: BotApiEmulator,
  environment: BenchEnvironment,
): Promise<StartedScenario> {
  const startedAt = performance.now();
  const bot = await startBotProcess(scenario.script, scenario.env(environment), emulator, scenario.token);
  return { scenario, bot, readyMs: performance.now() - startedAt, readyRssKb: bot.memory().rssKb };
}

/** Warm-up, then the latency phase, then the throughput phase, on the scenario's (idle) bot; stops it. */
export async function runScenario(
  started: StartedScenario,
  emulator: BotApiEmulator,
  environment: BenchEnvironment,
  params: BenchParams,
): Promise<ScenarioResult> {
  const { scenario, bot } = started;
  const watcher = new ReplyWatcher(emulator, scenario.token);
  try {
    const target: LoadTarget = {
      emulator,
      token: scenario.token,
      users: environment.users,
      text: scenario.text,
      watcher,
      isExpectedReply: scenario.isExpectedReply,
      replyTimeoutMs: params.replyTimeoutMs,
    };
    const phases: PhaseTimings = { readyMs: started.readyMs, warmupMs: 0, latencyMs: 0 };
    const rssNow = bot.memory().rssKb;
    const idle = started.idle ?? { endKb: rssNow, minKb: rssNow };
    let phaseAt = performance.now();
    const warmup = await measureThroughput(target, params.warmup, params.inFlight);
    phases.warmupMs = performance.now() - phaseAt;
    phaseAt = performance.now();
    const latency = await measureLatency(target, params.latencySamples);
    phases.latencyMs = performance.now() - phaseAt;
    const cpuBefore = bot.cpuMs();
    const throughput = await measureThroughput(target, params.updates, params.inFlight);
    const cpuMsPerUpdate = (bot.cpuMs() - cpuBefore) / params.updates;
    const memory = bot.memory();
    return {
      scenario,
      command: bot.command,
      latency: summarizeLatencies(latency.latenciesMs),
      rate: (throughput.answered * 1000) / throughput.elapsedMs,
      throughputMs: throughput.elapsedMs,
      cpuMsPerUpdate,
      memory,
      readyRssKb: started.readyRssKb,
      idle,
      unexpected: warmup.unexpected + latency.unexpected + throughput.unexpected,
      strayReplies: watcher.strayReplies,
      logLines: bot
        .output()
        .split('\n')
        .filter((line) => line.trim() !== ''),
      phases,
    };
  } finally {
    watcher.close();
    await bot.stop();
  }
}
