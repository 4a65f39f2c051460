import { UnrecoverableError } from 'bullmq';
import { displayName } from '../../core/members/display-name.ts';
import { pointsAwardAnnouncePayloadSchema } from '../queues.ts';
import type { RuleAnnounceDeps, RuleAnnounceJob } from './points-rule-announce.ts';
import { postTextOnce } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

export type AwardAnnounceResult =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'skipped'; reason: 'nothing-approved' | 'no-group' }
  | { outcome: 'refused'; description: string };

/**
 * Makes an approved proposal public in the village group: who, how many points, why, and how long
 * the appeal window runs. Points everyone can see are points villagers trust. Posted once per
 * proposal (a recorded send), rendered from the rows when the job runs.
 */
export async function handlePointsAwardAnnounce(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<AwardAnnounceResult> {
  const parsed = pointsAwardAnnouncePayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { villageId, batchId } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, village_id: villageId, batch_id: batchId });
  const village = await deps.prisma.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { groupChatId: true, appealWindowHours: true },
  });
  if (village.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const awards = await deps.prisma.pointAward.findMany({
    where: { villageId, batchId, status: { in: ['APPROVED', 'APPEALED', 'APPLIED'] } },
    orderBy: { id: 'asc' },
    select: { points: true, reason: true, member: { select: { number: true, realName: true } } },
  });
  const [first] = awards;
  if (!first) return { outcome: 'skipped', reason: 'nothing-approved' };
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const text = t(village.appealWindowHours > 0 ? 'points-award-announce' : 'points-award-announce-now', {
    batch: batchId,
    members: awards
      .map((award) =>
        t('points-award-announce-member', { name: displayName(award.member), number: award.member.number }),
      )
      .join(t('list-separator')),
    points: first.points > 0 ? `+${first.points}` : String(first.points),
    reason: first.reason,
    hours: village.appealWindowHours,
  });
  const chatId = village.groupChatId;
  return postTextOnce(deps, job, token, log, {
    key: `points-award-announce:${villageId}:${batchId}`,
    chatId,
    text,
  });
}
