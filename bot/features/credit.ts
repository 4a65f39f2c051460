import { Composer } from 'grammy';
import { loadMemberCredit } from '../../core/credit/load-credit.ts';
import {
  addNegativeEntry,
  parseNegativeCommand,
  removeNegativeEntry,
} from '../../core/credit/negative-list.ts';
import type { Db, SqlReader } from '../../core/db/client.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import type { BotContext } from '../context.ts';
import { renderMemberCredit } from '../render/credit.ts';

/**
 * /credit (my credit score dimension by dimension, stars, the household's loan discount and
 * eligibility; the secretary's `/credit <member>` and `/credit export`) and the secretary's
 * `/negative add|remove`.
 */
export const creditFeature = new Composer<BotContext>();
const feature = creditFeature.chatType('private');

/** Like /points: the score reads raw SQL and only reads, so it runs on the plain pool (ctx.db refuses raw SQL). */
const creditReads = (ctx: BotContext): Db | SqlReader => ctx.deps.sql ?? ctx.deps.prisma;

feature.command('credit', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const arg = ctx.match.trim().toLowerCase();
  if (arg === 'export' || arg === '导出') {
    requireAllowed(member, 'credit.export');
    // The file is an upload, which cannot wait in the outbox: a job sends it after the commit.
    await ctx.write((tx) =>
      ctx.owed.job(tx, 'credit-line-file', {
        dedupeKey: `credit-line-${member.villageId}-member-${member.memberId}-u${ctx.update.update_id}`,
        villageId: member.villageId,
        memberId: member.memberId,
      }),
    );
    return ctx.reply(ctx.t('credit-export-coming'));
  }
  if (arg !== '' && !/^\d{1,6}$/.test(arg)) return ctx.reply(ctx.t('credit-usage'));
  const credit = await loadMemberCredit(creditReads(ctx), {
    actor: member,
    ...(arg !== '' && { memberNumber: Number(arg) }),
  });
  return ctx.reply(
    renderMemberCredit(ctx.t, { credit, village: member.villageName, timezone: member.timezone }),
  );
});

feature.command('negative', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'credit.negative');
  const command = parseNegativeCommand(ctx.match);
  if (!command) return ctx.reply(ctx.t('credit-negative-usage'));
  if (command.kind === 'add') {
    const added = await ctx.write(async (tx) => {
      const change = await addNegativeEntry(tx, { actor: member, ...command });
      // The reason stays out of the job (payloads carry no personal data): /credit shows it.
      await ctx.owed.job(tx, 'notify', {
        dedupeKey: `credit-negative-${change.id}-added`,
        memberId: change.memberId,
        message: {
          key: 'credit-notice-negative-added',
          params: { id: change.id, points: change.points },
        },
      });
      return change;
    });
    return ctx.reply(
      ctx.t('credit-negative-added', { id: added.id, number: added.memberNumber, points: added.points }),
    );
  }
  const removed = await ctx.write(async (tx) => {
    const change = await removeNegativeEntry(tx, { actor: member, id: command.id });
    await ctx.owed.job(tx, 'notify', {
      dedupeKey: `credit-negative-${change.id}-removed`,
      memberId: change.memberId,
      message: { key: 'credit-notice-negative-removed', params: { id: change.id, points: change.points } },
    });
    return change;
  });
  return ctx.reply(ctx.t('credit-negative-removed', { id: removed.id, number: removed.memberNumber }));
});
