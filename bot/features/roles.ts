import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.ts';
import { grantRole, revokeRole } from '../../core/roles/change-role.ts';
import { parseRole, type Role } from '../../core/roles/permissions.ts';
import type { BotContext } from '../context.ts';

/** /grant and /revoke <member number> <role>. Who may is decided in core. */
export const rolesFeature = new Composer<BotContext>();
const feature = rolesFeature.chatType('private');

feature.command(['grant', 'revoke'], async (ctx) => {
  const command = ctx.message?.text?.startsWith('/revoke') ? 'revoke' : 'grant';
  const args = parseRoleArgs(ctx.match);
  if (!args) return ctx.reply(ctx.t(`${command}-usage`));
  const change = command === 'grant' ? grantRole : revokeRole;
  const result = await ctx.write((tx) => change(tx, { actor: ctx.membership, ...args }));
  const params = {
    number: result.targetNumber,
    name: result.targetName ?? '',
    role: ctx.t(`role-${result.role}`),
  };
  await ctx.reply(ctx.t(`${command}-done`, params));
  const village = ctx.membership?.villageName ?? '';
  await ctx.write((tx) =>
    ctx.owed.job(tx, 'notify', {
      dedupeKey: `role-${command}-${ctx.updateKey}`,
      memberId: result.targetMemberId,
      message: { key: `${command}-notice`, params: { role: result.role, village } },
    }),
  );
  return undefined;
});

function parseRoleArgs(match: string): { memberNumber: number; role: Role } | undefined {
  const [numberText, roleText, ...rest] = match.trim().split(/\s+/);
  if (!numberText || !roleText || rest.length > 0 || !/^\d{1,6}$/.test(numberText)) return undefined;
  const role = parseRole(roleText);
  if (!role) throw new DomainError('role-unknown', { role: roleText.slice(0, 20) });
  return { memberNumber: Number(numberText), role };
}
