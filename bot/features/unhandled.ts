import { Composer } from 'grammy';
import { TELEGRAM_TEXT_LIMIT } from '../../core/text/validate-text.ts';
import type { BotContext } from '../context.ts';

/**
 * Installed last: whatever no feature took. Private chats always get an answer that says what
 * to do next; groups stay quiet unless a command was addressed to the bot.
 */
export const unhandledFeature = new Composer<BotContext>();

const privateChat = unhandledFeature.chatType('private');

privateChat.on('message:text', async (ctx) => {
  const text = ctx.message.text;
  if (text.startsWith('/')) return ctx.reply(ctx.t('unknown-command'));
  if ([...text].length > TELEGRAM_TEXT_LIMIT) {
    return ctx.reply(ctx.t('error-text-too-long', { max: TELEGRAM_TEXT_LIMIT, length: [...text].length }));
  }
  return ctx.reply(ctx.membership ? ctx.t('unhandled-text') : ctx.t('start-newcomer'));
});

privateChat.on('message', (ctx) => ctx.reply(ctx.t('unhandled-message')));

privateChat.on('callback_query', (ctx) => ctx.answerCallbackQuery({ text: ctx.t('unhandled-button') }));

unhandledFeature
  .chatType(['group', 'supergroup'])
  .on('message:text')
  .filter(
    (ctx) =>
      ctx.message.text.startsWith('/') &&
      ctx.message.text.split(/\s/)[0]?.endsWith(`@${ctx.me.username}`) === true,
    (ctx) => ctx.reply(ctx.t('unknown-command')),
  );

unhandledFeature.on('callback_query', (ctx) => ctx.answerCallbackQuery());
