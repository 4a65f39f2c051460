import { UnrecoverableError } from 'bullmq';
import { displayName } from '../../core/members/display-name.ts';
import { pointsStarsPostPayloadSchema } from '../queues.ts';
import type { RuleAnnounceDeps, RuleAnnounceJob } from './points-rule-announce.ts';
import { postTextOnce } from './recorded-send.ts';
import { groupTranslator } from './talk-group-post.ts';

export type StarsPostResult =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'skipped'; reason: 'no-stars' | 'no-group' }
  | { outcome: 'refused'; description: string };

/**
 * Announces a week's stars in the village group, warmly, names and points as the rows say when the
 * job runs; posted once per village and week (a recorded send).
 */
export async function handlePointsStarsPost(
  job: RuleAnnounceJob,
  deps: RuleAnnounceDeps,
  token: string | undefined,
): Promise<StarsPostResult> {
  const parsed = pointsStarsPostPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { villageId, weekStart } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, village_id: villageId, week: weekStart });
  const village = await deps.prisma.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { groupChatId: true },
  });
  if (village.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const stars = await deps.prisma.weeklyStar.findMany({
    where: { villageId, weekStart: new Date(`${weekStart}T00:00:00Z`) },
    orderBy: [{ rank: 'asc' }, { memberId: 'asc' }],
    select: { rank: true, points: true, member: { select: { number: true, realName: true } } },
  });
  if (stars.length === 0) return { outcome: 'skipped', reason: 'no-stars' };
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const lines = stars.map((star) =>
    t('points-stars-line', { rank: star.rank, name: displayName(star.member), points: star.points }),
  );
  const text = t('points-stars-post', { week: weekStart, stars: lines.join('\n') });
  const chatId = village.groupChatId;
  return postTextOnce(deps, job, token, log, { key: `points-stars:${villageId}:${weekStart}`, chatId, text });
}
