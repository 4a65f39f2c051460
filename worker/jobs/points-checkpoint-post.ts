import { UnrecoverableError } from 'bullmq';
import { loadCheckpointPost } from '../../core/points/checkpoints.ts';
import { pointsCheckpointPostPayloadSchema } from '../queues.ts';
import type { RuleAnnounceDeps, RuleAnnounceJob } from './points-rule-announce.ts';
import { postTextOnce } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

export type CheckpointPostResult =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'skipped'; reason: 'checkpoint-missing' | 'no-group' }
  | { outcome: 'refused'; description: string };

/**
 * Publishes a ledger checkpoint in the village group: its last sequence and the whole head hash, so
 * that anyone in the group holds a witness the database alone cannot rewrite. Posted once (a recorded
 * send), and the message id kept with the checkpoint.
 */
export async function handlePointsCheckpointPost(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<CheckpointPostResult> {
  const parsed = pointsCheckpointPostPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { checkpointId } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, checkpoint_id: checkpointId });
  const checkpoint = await loadCheckpointPost(deps.prisma, checkpointId);
  if (!checkpoint) return { outcome: 'skipped', reason: 'checkpoint-missing' };
  const chatId = checkpoint.village.groupChatId;
  if (chatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const text = t('points-checkpoint-post', {
    village: checkpoint.village.name,
    sequence: checkpoint.sequence,
    hash: checkpoint.hash,
  });
  return postTextOnce(deps, job, token, log, {
    key: `points-checkpoint:${checkpointId}`,
    chatId,
    text,
    record: async (tx, messageId) => {
      await tx.ledgerCheckpoint.update({
        where: { id: checkpointId },
        data: { groupMessageId: BigInt(messageId) },
      });
    },
  });
}
