import { UnrecoverableError } from 'bullmq';
import { renderVoteResult } from '../../bot/render/vote-results.ts';
import { loadVoteResult } from '../../core/votes/load-vote-result.ts';
import { voteResultPostPayloadSchema } from '../queues.ts';
import type { RuleAnnounceDeps, RuleAnnounceJob } from './points-rule-announce.ts';
import { postTextOnce } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

export type VoteResultPostResult =
  | { outcome: 'posted'; messages: number }
  | { outcome: 'skipped'; reason: 'not-closed' | 'no-group' }
  | { outcome: 'refused'; description: string };

/**
 * A closed vote's result in the village group, in the village's language, rendered from the vote when
 * the job runs. Each message is a recorded send of its own (the result, then the names of an open
 * ballot in parts), so a job run twice posts each once and a retry after a failure resumes where it was.
 */
export async function handleVoteResultPost(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<VoteResultPostResult> {
  const parsed = voteResultPostPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { voteId } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, vote_id: voteId });
  const view = await loadVoteResult(deps.prisma, { voteId });
  if (!view) return { outcome: 'skipped', reason: 'not-closed' };
  const chatId = view.groupChatId;
  if (chatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const texts = renderVoteResult(groupTranslator(deps.i18n, deps.groupLocale), view);
  for (const [i, text] of texts.entries()) {
    const key = i === 0 ? `vote-result:${voteId}` : `vote-result:${voteId}:names:${i}`;
    const posted = await postTextOnce(deps, job, token, log, { key, chatId, text });
    if (posted.outcome === 'refused') return posted;
  }
  log.info({ messages: texts.length }, 'vote result posted in the group');
  return { outcome: 'posted', messages: texts.length };
}
