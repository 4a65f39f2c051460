import { Composer } from 'grammy';
import { clearDraft, loadDraft } from '../../../core/talk/drafts.ts';
import type { BotContext } from '../../context.ts';
import { assign, comment, decline, rate, reply } from './actions.ts';
import { isActive } from './shared.ts';

/**
 * The answer to a question the bot asked ("your comment on #3?", "cadre number and due date?"):
 * a member's next plain text in private. Commands pass by, so /cancel and everything else still work.
 * On a refusal the update rolls back and the question stays asked, so the member can try again.
 */
export const talkInputsFeature = new Composer<BotContext>();

talkInputsFeature
  .chatType('private')
  .filter(isActive)
  .on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith('/')) return next();
    const awaited = await loadDraft(ctx.db, 'await', ctx.chat.id);
    if (!awaited) return next();
    await ctx.write((tx) => clearDraft(tx, 'await', ctx.chat.id));
    switch (awaited.kind) {
      case 'comment':
        await comment(ctx, awaited.number, text);
        return ctx.reply(ctx.t('talk-commented', { number: awaited.number }));
      case 'reply':
        return ctx.reply(await reply(ctx, awaited.number, text));
      case 'assign':
        return ctx.reply(await assign(ctx, awaited.number, text));
      case 'decline':
        return ctx.reply(await decline(ctx, awaited.number, text));
      case 'rate-comment': {
        const { kind: _kind, ...step } = awaited;
        return ctx.reply(await rate(ctx, { ...step, comment: text }));
      }
    }
  });

/** /cancel drops a talk draft or a pending question; otherwise onboarding's /cancel answers. */
export const talkCancelFeature = new Composer<BotContext>();
talkCancelFeature
  .chatType('private')
  .filter(isActive)
  .command('cancel', async (ctx, next) => {
    const dropped = [
      await ctx.write((tx) => clearDraft(tx, 'speak', ctx.chat.id)),
      await ctx.write((tx) => clearDraft(tx, 'await', ctx.chat.id)),
    ];
    if (!dropped.includes(true)) return next();
    return ctx.reply(ctx.t('talk-draft-cancelled'));
  });
