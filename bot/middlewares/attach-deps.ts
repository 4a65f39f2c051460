import type { NextFunction } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import type { UpdateScopes } from '../update-flow/update-scope.ts';

/**
 * First middleware: dependencies, a logger tagged with the update id, and the update's unit of work.
 * Outside the dispatcher (a bare handleUpdate) effects go straight to the database.
 */
export function attachDeps(deps: BotDeps, scopes: UpdateScopes) {
  return async (ctx: BotContext, next: NextFunction) => {
    const updateId = ctx.update.update_id;
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: updateId });
    const scope = scopes.get(updateId);
    if (scope) {
      ctx.db = scope.db;
      ctx.afterCommit = (task) => scope.afterCommit.push(task);
      await next();
      return;
    }
    const tasks: Array<() => Promise<unknown>> = [];
    ctx.db = deps.prisma;
    ctx.afterCommit = (task) => tasks.push(task);
    await next();
    for (const task of tasks) await task();
  };
}
