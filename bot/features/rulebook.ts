import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { readRulebook, readRulebookHistory } from '../../core/rules/read-rulebook.ts';
import { formatDue } from '../../core/talk/format-due.ts';
import type { BotContext } from '../context.ts';
import { renderRulebook, renderRulebookHistory } from '../render/rulebook.ts';
import { replyPointRules } from './points-rules.ts';

/** `/rules`: the village rulebook; `/rules history`: its versions and repeals; `/rules points`: the points table. */
export const rulebookFeature = new Composer<BotContext>();
const feature = rulebookFeature.chatType('private');

const POINTS = new Set(['points', '积分']);
const HISTORY = new Set(['history', '历史']);

feature.command('rules', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const what = ctx.match.trim().toLowerCase();
  if (POINTS.has(what)) return replyPointRules(ctx);
  if (HISTORY.has(what)) {
    const events = await readRulebookHistory(ctx.db, { actor: member });
    const when = (at: Date) => formatDue(at, member.timezone);
    for (const text of renderRulebookHistory(ctx.t, { village: member.villageName, events, when }))
      await ctx.reply(text);
    return undefined;
  }
  if (what !== '' && what !== '村规') return ctx.reply(ctx.t('rulebook-usage'));
  const rules = await readRulebook(ctx.db, { actor: member });
  for (const text of renderRulebook(ctx.t, { village: member.villageName, rules })) await ctx.reply(text);
  return undefined;
});
