import type { NextFunction } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { currentUpdate } from '../update-flow/update-scope.ts';

/**
 * First middleware: dependencies, a logger tagged with the update id, and the update's unit of work
 * (reads on `ctx.db`, writes through `ctx.write`, owed jobs and timers on `ctx.owed`). Updates run
 * only through the dispatcher, which opens that unit of work.
 */
export function attachDeps(deps: BotDeps) {
  return async (ctx: BotContext, next: NextFunction) => {
    const scope = currentUpdate.getStore();
    if (!scope) throw new Error('an update ran outside the dispatcher (no unit of work)');
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.db = scope.unit.db;
    ctx.write = scope.unit.write;
    ctx.owed = scope.owed;
    ctx.updateKey = scope.key;
    await next();
  };
}
