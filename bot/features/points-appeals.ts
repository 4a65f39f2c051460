import { Composer } from 'grammy';
import { appealAward, decideAppeal } from '../../core/points/appeals.ts';
import { listOpenAppeals } from '../../core/points/list-open-appeals.ts';
import { cancelAwardFinalTimer, setAwardTimerAfterAppeal } from '../../worker/points-schedule.ts';
import type { BotContext } from '../context.ts';

/**
 * Appeals of approved awards: the member's /appeal, the secretary's /appeals, /appeal_uphold and
 * /appeal_reject. Who may, and when, is decided in core; the notices and timers are owed in the
 * same transaction as the change.
 */
export const pointsAppealsFeature = new Composer<BotContext>();
const feature = pointsAppealsFeature.chatType('private');

/** "<award id> <reason>"; the reason is checked in core. */
function parseAwardAndReason(match: string): { awardId: number; reason: string } | undefined {
  const parsed = /^(\d{1,9})(?:\s+([\s\S]*))?$/.exec(match.trim());
  if (!parsed?.[1]) return undefined;
  return { awardId: Number(parsed[1]), reason: parsed[2] ?? '' };
}

const signed = (points: number) => (points > 0 ? `+${points}` : String(points));

feature.command('appeal', async (ctx) => {
  const args = parseAwardAndReason(ctx.match);
  if (!args) return ctx.reply(ctx.t('points-appeal-usage'));
  const appealed = await ctx.write(async (tx) => {
    const result = await appealAward(tx, { actor: ctx.membership, ...args });
    // Its first timer would apply nothing now; a rejected appeal sets another.
    await cancelAwardFinalTimer(tx, ctx.owed, result.awardId);
    // The worker fills in the appellant's name and number (aboutMemberId): none travels through Redis.
    await ctx.owed.jobs(
      tx,
      'notify',
      result.deciders.map((memberId) => ({
        dedupeKey: `points-appeal-${result.awardId}-${memberId}`,
        memberId,
        message: {
          key: 'points-notice-appeal',
          params: { id: result.awardId, points: signed(result.points) },
        },
        aboutMemberId: result.memberId,
      })),
    );
    return result;
  });
  return ctx.reply(ctx.t('points-appealed', { id: appealed.awardId, points: signed(appealed.points) }));
});

feature.command('appeals', async (ctx) => {
  const appeals = await listOpenAppeals(ctx.db, { actor: ctx.membership });
  if (appeals.length === 0) return ctx.reply(ctx.t('points-appeals-empty'));
  const lines = appeals.map((appeal) =>
    ctx.t('points-appeals-line', {
      id: appeal.awardId,
      number: appeal.memberNumber,
      name: appeal.memberName,
      points: signed(appeal.points),
      award: appeal.awardReason,
      reason: appeal.reason,
    }),
  );
  return ctx.reply([ctx.t('points-appeals-title', { count: appeals.length }), ...lines].join('\n\n'));
});

feature.command(['appeal_uphold', 'appeal_reject'], async (ctx) => {
  const uphold = ctx.message.text.startsWith('/appeal_uphold');
  const args = parseAwardAndReason(ctx.match);
  if (!args) return ctx.reply(ctx.t('points-appeal-decide-usage'));
  const decided = await ctx.write(async (tx) => {
    const result = await decideAppeal(tx, { actor: ctx.membership, uphold, ...args });
    if (result.finalAt) {
      await setAwardTimerAfterAppeal(tx, ctx.owed, { awardId: result.awardId, finalAt: result.finalAt });
    }
    await ctx.owed.job(tx, 'notify', {
      dedupeKey: `points-appeal-${result.awardId}-decided`,
      memberId: result.memberId,
      message: {
        key: result.upheld ? 'points-notice-appeal-upheld' : 'points-notice-appeal-rejected',
        params: { id: result.awardId, points: signed(result.points), reason: result.reason },
      },
    });
    return result;
  });
  return ctx.reply(
    ctx.t(decided.upheld ? 'points-appeal-upheld' : 'points-appeal-rejected', {
      id: decided.awardId,
      points: signed(decided.points),
    }),
  );
});
