import { UnrecoverableError } from 'bullmq';
import { renderVoteCard } from '../../bot/render/vote-card.ts';
import { loadVoteCard } from '../../core/votes/vote-card.ts';
import { voteJobPayloadSchema } from '../queues.ts';
import type { RuleAnnounceDeps, RuleAnnounceJob } from './points-rule-announce.ts';
import { type GroupPostOutcome, postTextOnce } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

export type VoteAnnounceResult =
  | GroupPostOutcome
  | { outcome: 'skipped'; reason: 'vote-missing' | 'no-group' };

export const voteAnnounceKey = (voteId: number) => `vote-announce:${voteId}`;

/**
 * A launched vote announced in its village group, in the village's language: the proposal, its options,
 * the close in the village's time, open or secret, quorum and threshold, and how to vote (in private).
 * Rendered when the job runs and posted once per vote (a recorded send). It names nobody's choice: at
 * launch there is none, and the card never holds a tally.
 */
export async function handleVoteAnnounce(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<VoteAnnounceResult> {
  const parsed = voteJobPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { voteId } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, vote_id: voteId });
  const card = await loadVoteCard(deps.prisma, { voteId });
  if (!card) return { outcome: 'skipped', reason: 'vote-missing' };
  if (card.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const text = renderVoteCard(t, card, 'group', { locale: deps.groupLocale });
  return postTextOnce(deps, job, token, log, {
    key: voteAnnounceKey(voteId),
    chatId: card.groupChatId,
    text,
  });
}
