import { Composer } from 'grammy';
import { displayName } from '../../core/members/display-name.ts';
import { listRecentStars } from '../../core/points/weekly-stars.ts';
import type { BotContext } from '../context.ts';

/** `/stars`: the village's weekly stars of the last weeks. Praise only. Private chats only. */
export const pointsStarsFeature = new Composer<BotContext>();
const feature = pointsStarsFeature.chatType('private');

feature.command('stars', async (ctx) => {
  const weeks = await listRecentStars(ctx.db, { actor: ctx.membership });
  if (weeks.length === 0) return ctx.reply(ctx.t('points-stars-none'));
  const blocks = weeks.map(({ weekStart, stars }) =>
    [
      ctx.t('points-stars-week', { week: weekStart }),
      ...stars.map((star) =>
        ctx.t('points-stars-line', { rank: star.rank, name: displayName(star.member), points: star.points }),
      ),
    ].join('\n'),
  );
  return ctx.reply([ctx.t('points-stars-title'), ...blocks].join('\n\n'));
});
