import type { Message } from 'grammy/types';
import type { ChatMessageView, RecordedCall } from '../../bot-api-emulator/index.ts';
import type { ApiCall, ChatMessage, InlineButton } from '../shared/wire.ts';

/** A stored message as the page draws it. `hasBytes` says whether a file can be played or shown. */
export function toChatMessage(view: ChatMessageView, hasBytes: (fileId: string) => boolean): ChatMessage {
  const message = view.message;
  const photo = message.photo?.at(-1);
  const entities = message.entities ?? message.caption_entities;
  const keyboard = keyboardOf(message);
  const replied = message.reply_to_message;
  return {
    id: view.messageId,
    chatId: view.chatId,
    fromBot: view.fromBot,
    from: { id: message.from?.id ?? 0, name: nameOf(message.from) },
    date: message.date,
    ...(message.text !== undefined && { text: message.text }),
    ...(entities && {
      entities: entities.map(({ type, offset, length, ...rest }) => ({
        type,
        offset,
        length,
        ...('url' in rest && { url: rest.url }),
      })),
    }),
    ...(message.caption !== undefined && { caption: message.caption }),
    ...(photo && { photo: { fileId: photo.file_id, width: photo.width, height: photo.height } }),
    ...(message.document && {
      document: {
        fileId: message.document.file_id,
        fileName: message.document.file_name ?? 'file',
        ...(message.document.mime_type !== undefined && { mimeType: message.document.mime_type }),
      },
    }),
    ...(message.voice && {
      voice: {
        fileId: message.voice.file_id,
        duration: message.voice.duration,
        hasBytes: hasBytes(message.voice.file_id),
      },
    }),
    ...(message.location && {
      location: { latitude: message.location.latitude, longitude: message.location.longitude },
    }),
    ...(message.sticker && { sticker: { emoji: message.sticker.emoji ?? '🙂' } }),
    ...(keyboard && { keyboard }),
    ...(replied && {
      replyTo: {
        id: replied.message_id,
        name: nameOf(replied.from),
        text: replied.text ?? replied.caption ?? (replied.photo ? '🖼' : replied.voice ? '🎤' : '…'),
      },
    }),
    edited: view.editCount > 0,
  };
}

export function toApiCall(call: RecordedCall): ApiCall {
  return {
    seq: call.seq,
    time: call.time,
    method: call.method,
    ...(call.chatId !== undefined && { chatId: call.chatId }),
    ok: call.ok,
    ...(call.errorCode !== undefined && { errorCode: call.errorCode }),
    ...(call.description !== undefined && { description: call.description }),
    ...(call.retryAfter !== undefined && { retryAfter: call.retryAfter }),
    inPenaltyWindow: call.inPenaltyWindow,
  };
}

function keyboardOf(message: Message): InlineButton[][] | undefined {
  const rows = message.reply_markup?.inline_keyboard;
  if (!rows || rows.length === 0) return undefined;
  return rows.map((row) =>
    row.map((button) => ({
      text: button.text,
      ...('callback_data' in button && { data: button.callback_data }),
      ...('url' in button && { url: button.url }),
    })),
  );
}

function nameOf(user: Message['from']): string {
  if (!user) return '';
  return [user.first_name, user.last_name].filter(Boolean).join(' ');
}
