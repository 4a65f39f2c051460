import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchProcess } from './bot-process.ts';

export interface IdleRss {
  /** VmRSS at the end of the idle window, KiB. */
  endKb: number;
  /** The lowest VmRSS sampled in the window (twice a second), KiB. */
  minKb: number;
}

const SAMPLE_MS = 500;

/**
 * Lets the processes sit idle for `ms` and reads their RSS. V8 hands its young generation's pages
 * back only when its memory reducer runs, some 8–30 s into an idle spell and not at a fixed time, so
 * a reading can land before or after it: the end of the window and the lowest reading are both kept.
 */
export async function idleWindow(processes: readonly BenchProcess[], ms: number): Promise<IdleRss[]> {
  const read = () => processes.map((one) => one.memory().rssKb);
  const idle = read().map((kb) => ({ endKb: kb, minKb: kb }));
  const endAt = Date.now() + ms;
  while (Date.now() < endAt) {
    await sleep(Math.min(SAMPLE_MS, endAt - Date.now()));
    read().forEach((kb, i) => {
      const one = idle[i] as IdleRss;
      one.endKb = kb;
      one.minKb = Math.min(one.minKb, kb);
    });
  }
  return idle;
}
