import type { Message, MessageEntity } from 'grammy/types';
import { badRequest, ERRORS } from '../api-error.ts';
import type { KnownChat } from '../bot-state.ts';
import { audioOf, documentOf, photoSizesOf, type StoredFile, voiceOf } from '../file-store.ts';
import { formatText } from '../message-text.ts';
import { isInlineKeyboard, readReplyMarkup } from '../reply-markup.ts';
import {
  botUser,
  consumeSend,
  guardSend,
  type MethodContext,
  type MethodHandler,
  nowSeconds,
  resolveChat,
  resolveEditable,
  resolveReply,
  sameJson,
} from './context.ts';

const TEXT_LIMIT = { maxLength: 4096, tooLong: ERRORS.textTooLong };
const CAPTION_LIMIT = { maxLength: 1024, tooLong: ERRORS.captionTooLong };

const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

const sendMessage: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  guardSend(ctx, chat);
  const formatted = formatText(
    ctx.params.string('text') ?? '',
    ctx.params.string('parse_mode'),
    ctx.params.json('entities', "can't parse entities JSON object"),
    TEXT_LIMIT,
  );
  if (formatted.text === '') throw badRequest(ERRORS.textEmpty);
  const markup = readReplyMarkup(ctx.params);
  const replyTo = resolveReply(ctx, chat);
  consumeSend(ctx, chat);
  return storeBotMessage(ctx, chat, {
    text: formatted.text,
    ...entitiesField('entities', formatted.entities),
    ...markupField(markup),
    ...(replyTo && { reply_to_message: replyTo }),
  });
};

const sendPhoto: MethodHandler = (ctx) =>
  sendMedia(ctx, 'photo', (file) => ({ photo: photoSizesOf(file, ctx.env.files) }));

const sendDocument: MethodHandler = (ctx) =>
  sendMedia(ctx, 'document', (file) => ({ document: documentOf(file) }));

/** A voice message: an OGG/Opus upload, or a file_id (a villager's voice, forwarded as it is). */
const sendVoice: MethodHandler = (ctx) => {
  const duration = readDuration(ctx);
  return sendMedia(ctx, 'voice', (file) => ({ voice: voiceOf(withDuration(file, duration)) }));
};

const sendAudio: MethodHandler = (ctx) => {
  const duration = readDuration(ctx);
  const performer = ctx.params.string('performer');
  const title = ctx.params.string('title');
  return sendMedia(ctx, 'audio', (file) => ({
    audio: {
      ...audioOf(withDuration(file, duration)),
      ...(performer !== undefined && { performer }),
      ...(title !== undefined && { title }),
    },
  }));
};

/** A point on the map; Telegram refuses coordinates off the globe, and a location has no caption. */
const sendLocation: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  guardSend(ctx, chat);
  const latitude = readCoordinate(ctx, 'latitude', 90);
  const longitude = readCoordinate(ctx, 'longitude', 180);
  const accuracy = readFloat(ctx, 'horizontal_accuracy');
  if (accuracy !== undefined && (accuracy < 0 || accuracy > 1500))
    throw badRequest('wrong horizontal accuracy specified');
  const markup = readReplyMarkup(ctx.params);
  const replyTo = resolveReply(ctx, chat);
  consumeSend(ctx, chat);
  return storeBotMessage(ctx, chat, {
    location: { latitude, longitude, ...(accuracy !== undefined && { horizontal_accuracy: accuracy }) },
    ...markupField(markup),
    ...(replyTo && { reply_to_message: replyTo }),
  });
};

type MediaKind = 'photo' | 'document' | 'voice' | 'audio';

/** What Telegram reports for an upload whose part and name say nothing more useful. */
const DEFAULT_MIME: Partial<Record<MediaKind, string>> = { voice: 'audio/ogg', audio: 'audio/mpeg' };

function sendMedia(ctx: MethodContext, kind: MediaKind, fields: (file: StoredFile) => Partial<Message>) {
  const chat = resolveChat(ctx);
  guardSend(ctx, chat);
  const input = ctx.params.inputFile(kind);
  if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
  const caption = readCaption(ctx);
  const markup = readReplyMarkup(ctx.params);
  const replyTo = resolveReply(ctx, chat);
  consumeSend(ctx, chat);
  const file =
    typeof input === 'string'
      ? ctx.env.files.fromReference(input, kind)
      : ctx.env.files.add({
          kind,
          bytes: input.bytes,
          fileName: input.fileName,
          mimeType: input.contentType,
        });
  const fallbackMime = DEFAULT_MIME[kind];
  if (fallbackMime && (file.mimeType === undefined || file.mimeType === 'application/octet-stream'))
    file.mimeType = fallbackMime;
  return storeBotMessage(ctx, chat, {
    ...fields(file),
    ...caption,
    ...markupField(markup),
    ...(replyTo && { reply_to_message: replyTo }),
  });
}

const editMessageText: MethodHandler = (ctx) => {
  const { chat, stored } = resolveEditable(ctx);
  const formatted = formatText(
    ctx.params.string('text') ?? '',
    ctx.params.string('parse_mode'),
    ctx.params.json('entities', "can't parse entities JSON object"),
    TEXT_LIMIT,
  );
  if (formatted.text === '') throw badRequest(ERRORS.textEmpty);
  const markup = inlineOnly(readReplyMarkup(ctx.params));
  const current = stored.message;
  if (current.text === undefined) throw badRequest(ERRORS.noTextToEdit);
  const unchanged =
    current.text === formatted.text &&
    sameJson(current.entities ?? [], formatted.entities) &&
    sameJson(current.reply_markup, markupField(markup).reply_markup);
  if (unchanged) throw badRequest(ERRORS.notModified);
  consumeSend(ctx, chat);
  const { entities: _entities, reply_markup: _markup, ...rest } = current;
  return replaceBotMessage(ctx, stored, {
    ...rest,
    text: formatted.text,
    ...entitiesField('entities', formatted.entities),
    ...markupField(markup),
  });
};

const editMessageCaption: MethodHandler = (ctx) => {
  const { chat, stored } = resolveEditable(ctx);
  const caption = readCaption(ctx);
  const markup = inlineOnly(readReplyMarkup(ctx.params));
  const current = stored.message;
  if (current.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const unchanged =
    current.caption === caption.caption &&
    sameJson(current.caption_entities ?? [], caption.caption_entities ?? []) &&
    sameJson(current.reply_markup, markupField(markup).reply_markup);
  if (unchanged) throw badRequest(ERRORS.notModified);
  consumeSend(ctx, chat);
  const { caption: _caption, caption_entities: _entities, reply_markup: _markup, ...rest } = current;
  return replaceBotMessage(ctx, stored, { ...rest, ...caption, ...markupField(markup) });
};

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const { chat, stored } = resolveEditable(ctx);
  const markup = inlineOnly(readReplyMarkup(ctx.params));
  if (sameJson(stored.message.reply_markup, markupField(markup).reply_markup))
    throw badRequest(ERRORS.notModified);
  consumeSend(ctx, chat);
  const { reply_markup: _markup, ...rest } = stored.message;
  return replaceBotMessage(ctx, stored, { ...rest, ...markupField(markup) });
};

const deleteMessage: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  const messageId = ctx.params.int('message_id');
  if (messageId === undefined) throw badRequest(ERRORS.messageIdMissing);
  const stored = ctx.bot.messages.get(chat.chat.id, messageId);
  if (!stored) throw badRequest(ERRORS.deleteNotFound);
  ctx.bot.messages.markDeleted(stored, ctx.env.now());
  return true;
};

const sendChatAction: MethodHandler = (ctx) => {
  const chat = resolveChat(ctx);
  guardSend(ctx, chat);
  const action = ctx.params.string('action');
  if (!action || !CHAT_ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  return true;
};

/** `duration` in seconds; like Telegram, out-of-range values are clamped rather than refused. */
function readDuration(ctx: MethodContext): number | undefined {
  const duration = ctx.params.int('duration');
  return duration === undefined ? undefined : Math.max(0, duration);
}

/** A file's length is part of the file: a known one keeps its own, a new one takes what was sent. */
function withDuration(file: StoredFile, duration: number | undefined): StoredFile {
  file.duration ??= duration;
  return file;
}

function readFloat(ctx: MethodContext, name: string): number | undefined {
  const raw = ctx.params.string(name)?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : Number.NaN;
}

function readCoordinate(ctx: MethodContext, name: 'latitude' | 'longitude', limit: number): number {
  const value = readFloat(ctx, name);
  if (value === undefined) throw badRequest(`${name} is empty`);
  if (Number.isNaN(value) || Math.abs(value) > limit) throw badRequest(`wrong ${name}`);
  return value;
}

function readCaption(ctx: MethodContext): { caption?: string; caption_entities?: MessageEntity[] } {
  const raw = ctx.params.string('caption');
  if (raw === undefined) return {};
  const formatted = formatText(
    raw,
    ctx.params.string('parse_mode'),
    ctx.params.json('caption_entities', "can't parse entities JSON object"),
    CAPTION_LIMIT,
  );
  if (formatted.text === '') return {};
  return { caption: formatted.text, ...entitiesField('caption_entities', formatted.entities) };
}

/** Edits can only attach inline keyboards; Telegram rejects anything else. */
function inlineOnly(markup: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (markup === undefined) return undefined;
  if (!isInlineKeyboard(markup)) throw badRequest('inline keyboard expected');
  return markup;
}

/** Only inline keyboards are part of a message; reply keyboards live on the client. */
function markupField(markup: Record<string, unknown> | undefined): Partial<Message> {
  if (!isInlineKeyboard(markup) || markup.inline_keyboard.length === 0) return {};
  return { reply_markup: markup };
}

function entitiesField(key: 'entities' | 'caption_entities', entities: MessageEntity[]): Partial<Message> {
  return entities.length > 0 ? { [key]: entities } : {};
}

function storeBotMessage(ctx: MethodContext, chat: KnownChat, content: Partial<Message>): Message {
  const date = nowSeconds(ctx);
  const stored = ctx.bot.messages.add(
    chat.chat.id,
    true,
    (messageId) =>
      ({ message_id: messageId, from: botUser(ctx.bot), chat: chat.chat, date, ...content }) as Message,
  );
  return stored.message;
}

function replaceBotMessage(
  ctx: MethodContext,
  stored: Parameters<typeof ctx.bot.messages.replace>[0],
  next: Omit<Message, 'edit_date'>,
) {
  const message = { ...next, edit_date: nowSeconds(ctx) } as Message;
  ctx.bot.messages.replace(stored, message, ctx.env.now());
  return message;
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage,
  sendPhoto,
  sendDocument,
  sendVoice,
  sendAudio,
  sendLocation,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  sendChatAction,
};
