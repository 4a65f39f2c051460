import type { Role } from '../../core/roles/permissions.ts';
import type { BotContext } from '../context.ts';

/** The roles someone is greeted by: what they hold besides 村民, which every member is; else 村民. */
export function rolesGreeting(ctx: Pick<BotContext, 't'>, roles: readonly Role[]): string {
  const special = roles.filter((role) => role !== 'VILLAGER');
  return (special.length > 0 ? special : (['VILLAGER'] as const))
    .map((role) => ctx.t(`role-${role}`))
    .join(ctx.t('list-separator'));
}
