import { performance } from 'node:perf_hooks';
import type { BotApiEmulator, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import type { Reply, ReplyWatcher } from './reply-watcher.ts';

/** What a load phase drives: one bot on the emulator, answering `text` from these users. */
export interface LoadTarget {
  emulator: BotApiEmulator;
  token: string;
  users: readonly UserSpec[];
  text: string;
  watcher: ReplyWatcher;
  /** Whether a reply is the answer the scenario expects (a profile, not an error message). */
  isExpectedReply(reply: Reply, user: UserSpec): boolean;
  /** How long one update may wait for its reply before the phase fails. */
  replyTimeoutMs: number;
}

export interface PhaseCounts {
  /** Replies that were not the expected answer, or failed sends. */
  unexpected: number;
}

/** One update at a time: ms from injecting it to the emulator recording the bot's reply. */
export async function measureLatency(
  target: LoadTarget,
  samples: number,
): Promise<PhaseCounts & { latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let unexpected = 0;
  for (let i = 0; i < samples; i++) {
    const user = target.users[i % target.users.length] as UserSpec;
    const reply = target.watcher.next(user.id, target.replyTimeoutMs);
    const sentAt = performance.now();
    target.emulator.sendText(user, target.text, { bot: target.token });
    const answer = await reply;
    latenciesMs.push(answer.at - sentAt);
    if (!answer.ok || !target.isExpectedReply(answer, user)) unexpected++;
  }
  return { latenciesMs, unexpected };
}

/**
 * `total` updates with at most `inFlight` unanswered at any time, each from a user with no update of
 * theirs in flight (so every reply belongs to exactly one update). Elapsed runs until the last reply.
 */
export async function measureThroughput(
  target: LoadTarget,
  total: number,
  inFlight: number,
): Promise<PhaseCounts & { elapsedMs: number; answered: number }> {
  if (target.users.length < inFlight)
    throw new Error(`${inFlight} in flight need at least as many users (have ${target.users.length})`);
  const idle = [...target.users];
  let sent = 0;
  let answered = 0;
  let unexpected = 0;
  const startedAt = performance.now();
  let finishedAt = startedAt;

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const launch = () => {
      while (!failed && sent < total && sent - answered < inFlight) {
        const user = idle.shift() as UserSpec;
        sent++;
        target.watcher.next(user.id, target.replyTimeoutMs).then(
          (reply) => {
            answered++;
            finishedAt = reply.at;
            if (!reply.ok || !target.isExpectedReply(reply, user)) unexpected++;
            idle.push(user);
            if (answered === total) resolve();
            else launch();
          },
          (error: Error) => {
            failed = true;
            reject(new Error(`${error.message} (${answered}/${total} answered)`));
          },
        );
        target.emulator.sendText(user, target.text, { bot: target.token });
      }
    };
    launch();
  });
  return { elapsedMs: finishedAt - startedAt, answered, unexpected };
}
