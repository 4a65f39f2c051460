import type { CallbackQuery, Chat, Message, MessageEntity, User } from 'grammy/types';
import { documentOf, type FileStore, photoSizesOf } from './file-store.ts';

/** A user as tests describe one. Their private chat has the same id. */
export interface UserSpec {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

/** A group as tests describe one: negative id; `type` defaults to supergroup. */
export interface GroupSpec {
  id: number;
  title?: string;
  type?: 'group' | 'supergroup';
  username?: string;
}

/** What a user sends. Exactly one content field; `caption` goes with photo, document or voice. */
export interface MessageContent {
  text?: string;
  sticker?: { emoji?: string; set_name?: string };
  photo?: { width?: number; height?: number; bytesBase64?: string };
  document?: { file_name: string; mime_type?: string; bytesBase64?: string };
  location?: { latitude: number; longitude: number };
  /** `mime_type` defaults to audio/ogg (Telegram's own); a browser records audio/webm. */
  voice?: { duration: number; bytesBase64?: string; mime_type?: string };
  caption?: string;
}

export function userOf(spec: UserSpec): User {
  return {
    id: spec.id,
    is_bot: false,
    first_name: spec.first_name,
    ...(spec.last_name !== undefined && { last_name: spec.last_name }),
    ...(spec.username !== undefined && { username: spec.username }),
    ...(spec.language_code !== undefined && { language_code: spec.language_code }),
  };
}

export function privateChatOf(spec: UserSpec): Chat.PrivateChat {
  return {
    id: spec.id,
    type: 'private',
    first_name: spec.first_name,
    ...(spec.last_name !== undefined && { last_name: spec.last_name }),
    ...(spec.username !== undefined && { username: spec.username }),
  };
}

export function groupChatOf(spec: GroupSpec): Chat.GroupChat | Chat.SupergroupChat {
  const title = spec.title ?? `Group ${Math.abs(spec.id)}`;
  if (spec.type === 'group') return { id: spec.id, type: 'group', title };
  return {
    id: spec.id,
    type: 'supergroup',
    title,
    ...(spec.username !== undefined && { username: spec.username }),
  };
}

/**
 * bot_command entities as Telegram marks them: `/cmd`, `/cmd@botname`, at the start or after
 * whitespace. grammY's `bot.command()` matches on these.
 */
export function commandEntitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  for (const match of text.matchAll(/(^|\s)(\/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?)(?=\s|$)/g)) {
    const command = match[2] as string;
    const offset = (match.index ?? 0) + (match[1] as string).length;
    entities.push({ type: 'bot_command', offset, length: command.length });
  }
  return entities;
}

/** The content fields of a user's message (text, photo sizes, document, ...). */
export function contentFields(content: MessageContent, files: FileStore): Partial<Message> {
  const caption =
    content.caption !== undefined
      ? {
          caption: content.caption,
          ...withEntities('caption_entities', commandEntitiesOf(content.caption)),
        }
      : {};
  if (content.text !== undefined) {
    return { text: content.text, ...withEntities('entities', commandEntitiesOf(content.text)) };
  }
  if (content.photo) {
    const file = files.add({ kind: 'photo', mimeType: 'image/jpeg', ...bytesOf(content.photo.bytesBase64) });
    if (content.photo.width !== undefined) file.width = content.photo.width;
    if (content.photo.height !== undefined) file.height = content.photo.height;
    return { photo: photoSizesOf(file, files), ...caption };
  }
  if (content.document) {
    const file = files.add({
      kind: 'document',
      fileName: content.document.file_name,
      ...(content.document.mime_type !== undefined && { mimeType: content.document.mime_type }),
      ...bytesOf(content.document.bytesBase64),
    });
    return { document: documentOf(file), ...caption };
  }
  if (content.sticker) {
    const file = files.add({ kind: 'sticker', mimeType: 'image/webp' });
    return {
      sticker: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: content.sticker.emoji ?? '👍',
        ...(content.sticker.set_name !== undefined && { set_name: content.sticker.set_name }),
      },
    };
  }
  if (content.location) {
    return { location: { latitude: content.location.latitude, longitude: content.location.longitude } };
  }
  if (content.voice) {
    const mimeType = content.voice.mime_type ?? 'audio/ogg';
    const file = files.add({ kind: 'voice', mimeType, ...bytesOf(content.voice.bytesBase64) });
    file.duration = content.voice.duration;
    return {
      voice: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        duration: content.voice.duration,
        mime_type: mimeType,
        file_size: file.size ?? content.voice.duration * 2_000,
      },
      ...caption,
    };
  }
  throw new Error('message content needs one of text, photo, document, sticker, location, voice');
}

/** A replied-to message as Telegram nests it: without its own reply_to_message. */
export function asReplyTarget(message: Message): ReplyTarget {
  const { reply_to_message: _nested, ...rest } = message;
  return rest as ReplyTarget;
}

export type ReplyTarget = NonNullable<Message['reply_to_message']>;

export function callbackQueryOf(id: string, user: UserSpec, message: Message, data: string): CallbackQuery {
  return {
    id,
    from: userOf(user),
    message,
    chat_instance: String(Math.abs(message.chat.id * 7919 + 104_729)),
    data,
  };
}

function withEntities<K extends 'entities' | 'caption_entities'>(
  key: K,
  entities: MessageEntity[],
): Partial<Record<K, MessageEntity[]>> {
  return entities.length > 0 ? ({ [key]: entities } as Record<K, MessageEntity[]>) : {};
}

function bytesOf(base64: string | undefined): { bytes?: Buffer } {
  return base64 === undefined ? {} : { bytes: Buffer.from(base64, 'base64') };
}
