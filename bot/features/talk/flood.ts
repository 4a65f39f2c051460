import { limit } from '@grammyjs/ratelimiter';
import { Composer } from 'grammy';
import type { BotContext } from '../../context.ts';

/** Per member: this many messages that say something (texts, photos, voice, comments) per window. */
export const FLOOD_LIMIT = 10;
export const FLOOD_WINDOW_MS = 10_000;

const SPEECH_COMMAND = /^\/(talk|talk_for|comment)(@\w+)?(\s|$)/;

/** What counts: what becomes an item or a comment. Button presses and other commands do not. */
function isSpeech(ctx: BotContext): boolean {
  const message = ctx.message;
  if (!message || !ctx.from || ctx.from.is_bot) return false;
  const text = message.text ?? message.caption ?? '';
  if (ctx.chat?.type === 'private') {
    if (text.startsWith('/')) return SPEECH_COMMAND.test(text);
    return Boolean(message.text || message.photo || message.voice || message.location);
  }
  return message.reply_to_message?.from?.id === ctx.me.id && !text.startsWith('/');
}

/**
 * Flood protection for Villagers Talk. The counts live in this process's memory (the plugin's
 * MEMORY_STORE): enough for the single bot process we run; several bot processes would need the
 * Redis store. Excess messages are dropped (their update still counts as handled), and the member
 * hears a polite message once per window — the plugin calls onLimitExceeded once per excess.
 */
export const talkFloodFeature = new Composer<BotContext>();
talkFloodFeature.filter(
  isSpeech,
  limit<BotContext, never>({
    timeFrame: FLOOD_WINDOW_MS,
    limit: FLOOD_LIMIT,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    // Returned, so the middleware chain awaits the reply inside the update's transaction.
    onLimitExceeded: (ctx) => ctx.reply(ctx.t('talk-flood', { seconds: FLOOD_WINDOW_MS / 1000 })),
  }),
);
