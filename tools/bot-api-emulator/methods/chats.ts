import type { BotCommand } from 'grammy/types';
import { badRequest, ERRORS } from '../api-error.ts';
import { type MethodHandler, resolveChat } from './context.ts';

const getChat: MethodHandler = (ctx) => {
  const known = resolveChat(ctx);
  return { ...known.chat, accent_color_id: 0, max_reaction_count: 11 };
};

const answerCallbackQuery: MethodHandler = (ctx) => {
  const id = ctx.params.string('callback_query_id');
  const query = id === undefined ? undefined : ctx.bot.callbackQueries.get(id);
  if (query) ctx.trace.chatId = query.chatId;
  const isExpired = query !== undefined && ctx.env.now() - query.createdAt > ctx.env.callbackQueryTimeoutMs;
  if (!query || query.answered || isExpired) throw badRequest(ERRORS.queryInvalid);
  const text = ctx.params.string('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  query.answered = true;
  query.answer = ctx.params.forRecord();
  return true;
};

const setMyCommands: MethodHandler = (ctx) => {
  const commands = ctx.params.json<unknown>('commands', "can't parse commands JSON array");
  if (!Array.isArray(commands)) throw badRequest('parameter "commands" is required');
  if (commands.length > 100) throw badRequest('BOT_COMMANDS_TOO_MUCH');
  const valid: BotCommand[] = commands.map((entry) => {
    const { command, description } = (entry ?? {}) as Partial<BotCommand>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command))
      throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim().length === 0 || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
  const key = commandsKey(ctx);
  if (valid.length === 0) ctx.bot.commands.delete(key);
  else ctx.bot.commands.set(key, valid);
  return true;
};

const getMyCommands: MethodHandler = (ctx) => ctx.bot.commands.get(commandsKey(ctx)) ?? [];

const deleteMyCommands: MethodHandler = (ctx) => {
  ctx.bot.commands.delete(commandsKey(ctx));
  return true;
};

const getFile: MethodHandler = (ctx) => {
  const fileId = ctx.params.string('file_id');
  const file = fileId === undefined ? undefined : ctx.env.files.get(fileId);
  if (!file) throw badRequest('invalid file_id');
  return {
    file_id: file.fileId,
    file_unique_id: file.fileUniqueId,
    ...(file.size !== undefined && { file_size: file.size }),
    file_path: file.filePath,
  };
};

/** Commands are stored per (scope, language_code), scope keys in a fixed order. */
export function commandsKey(ctx: Parameters<MethodHandler>[0]): string {
  const scope = ctx.params.json<Record<string, unknown>>(
    'scope',
    "can't parse BotCommandScope JSON object",
  ) ?? {
    type: 'default',
  };
  return scopeKey(scope, ctx.params.string('language_code') ?? '');
}

export function scopeKey(scope: Record<string, unknown>, languageCode: string): string {
  const type = String(scope.type ?? 'default');
  const chatId = scope.chat_id === undefined ? '' : String(scope.chat_id);
  const userId = scope.user_id === undefined ? '' : String(scope.user_id);
  return `${type}|${chatId}|${userId}|${languageCode}`;
}

export const chatMethods: Record<string, MethodHandler> = {
  getChat,
  answerCallbackQuery,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getFile,
};
