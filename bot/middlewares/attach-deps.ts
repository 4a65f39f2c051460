import type { NextFunction } from 'grammy';
import type { BotContext, BotDeps } from '../context.ts';
import { deferSends } from '../update-flow/defer-sends.ts';
import { scopeOf } from '../update-flow/update-scope.ts';

/**
 * First middleware: dependencies, a logger tagged with the update id, and the update's unit of work
 * (reads on `ctx.db`, writes through `ctx.write`, owed jobs and timers on `ctx.owed`). Updates run
 * only through the dispatcher, which opens that unit of work. From here on the update's Bot API calls
 * that change something wait for its commit (defer-sends.ts).
 */
export function attachDeps(deps: BotDeps) {
  return async (ctx: BotContext, next: NextFunction) => {
    const scope = scopeOf(ctx.update);
    if (!scope) throw new Error('an update ran outside the dispatcher (no unit of work)');
    ctx.api.config.use(deferSends(scope));
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id });
    ctx.db = scope.unit.db;
    ctx.write = scope.unit.write;
    ctx.owed = scope.owed;
    ctx.updateKey = scope.key;
    await next();
  };
}
