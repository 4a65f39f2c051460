import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { addPointRule } from '../../core/points/add-point-rule.ts';
import { editPointRule } from '../../core/points/edit-point-rule.ts';
import { listPointRules } from '../../core/points/list-point-rules.ts';
import { parsePointRuleCommandAs } from '../../core/points/parse-point-rule-command.ts';
import type { RuleVersionValues } from '../../core/points/record-rule-version.ts';
import { retirePointRule } from '../../core/points/retire-point-rule.ts';
import { pointRuleAnnounceKey } from '../../worker/points-schedule.ts';
import type { BotContext } from '../context.ts';
import { renderRuleLine, renderRuleTable } from '../render/point-rules.ts';

/** The secretary's /pointrule add|edit|retire, and the points table `/rules points` shows (replyPointRules). */
export const pointsRulesFeature = new Composer<BotContext>();
const feature = pointsRulesFeature.chatType('private');

/**
 * The points table, which `/rules points` shows (bot/features/rulebook.ts owns `/rules`, whose plain
 * form is the voted village rulebook).
 */
export async function replyPointRules(ctx: BotContext): Promise<void> {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const rules = await listPointRules(ctx.db, { actor: member });
  for (const text of renderRuleTable(ctx.t, { village: member.villageName, rules, locale: ctx.locale })) {
    await ctx.reply(text);
  }
}

feature.command('pointrule', async (ctx) => {
  const command = parsePointRuleCommandAs(ctx.membership, ctx.match);
  const actor = ctx.membership;
  const line = (rule: RuleVersionValues) => renderRuleLine(ctx.t, rule, ctx.locale);
  const reply = await ctx.write(async (tx) => {
    let rule: RuleVersionValues;
    let text: string;
    switch (command.action) {
      case 'add':
        rule = await addPointRule(tx, { actor, ...command });
        text = ctx.t('pointrule-added', { code: rule.code, line: line(rule) });
        break;
      case 'edit':
        ({ rule } = await editPointRule(tx, { actor, ...command }));
        text = ctx.t('pointrule-edited', { code: rule.code, version: rule.version, line: line(rule) });
        break;
      case 'retire':
        rule = await retirePointRule(tx, { actor, code: command.code });
        text = ctx.t('pointrule-retired', { code: rule.code, version: rule.version });
        break;
    }
    // Rendered when it runs, from the version row: a late or repeated job announces this version, once.
    await ctx.owed.job(tx, 'points-rule-announce', {
      dedupeKey: pointRuleAnnounceKey(rule.ruleId, rule.version),
      ruleId: rule.ruleId,
      version: rule.version,
    });
    return text;
  });
  await ctx.reply(reply);
});
