import { Composer } from 'grammy';
import type { Db, SqlReader } from '../../core/db/client.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import { showMemberPoints } from '../../core/points/member-points.ts';
import { parsePointsPeriod } from '../../core/points/points-period.ts';
import { listTopEarners } from '../../core/points/top-earners.ts';
import type { BotContext } from '../context.ts';
import { renderMemberPoints, renderTopList } from '../render/points.ts';

/** /points (my balance, rank, stars, household, latest entries) and /top [week|month|all]. Read-only. */
export const pointsFeature = new Composer<BotContext>();
const feature = pointsFeature.chatType('private');

/**
 * Where the ranking statements run: the plain SQL pool (prepared once per connection). ctx.db
 * refuses raw SQL so that nothing locks or writes outside the update's transaction; these only read
 * and open no transaction.
 */
const rankingReads = (ctx: BotContext): Db | SqlReader => ctx.deps.sql ?? ctx.deps.prisma;

feature.command('points', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const points = await showMemberPoints(rankingReads(ctx), { actor: member });
  await ctx.reply(renderMemberPoints(ctx.t, { member, points }));
});

feature.command('top', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const period = parsePointsPeriod(ctx.match);
  const list = await listTopEarners(rankingReads(ctx), { actor: member, period });
  await ctx.reply(
    renderTopList(ctx.t, { village: member.villageName, memberId: member.memberId, period, list }),
  );
});
