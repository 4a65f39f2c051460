import type { Message } from 'grammy/types';

/** One earlier version of an edited message. */
export interface MessageVersion {
  /** When this version was replaced (ms since epoch). */
  replacedAt: number;
  text?: string;
  caption?: string;
  reply_markup?: unknown;
}

export interface StoredMessage {
  messageId: number;
  chatId: number;
  /** true for messages the bot sent, false for injected user messages. */
  fromBot: boolean;
  /** The message as Telegram would return it now. */
  message: Message;
  edits: MessageVersion[];
  deleted: boolean;
  deletedAt?: number;
}

/** What a chat looks like: a flat, JSON-friendly view of a stored message. */
export interface ChatMessageView {
  messageId: number;
  chatId: number;
  fromBot: boolean;
  date: number;
  text?: string;
  caption?: string;
  replyMarkup?: unknown;
  replyToMessageId?: number;
  photo?: Message['photo'];
  document?: Message['document'];
  voice?: Message['voice'];
  location?: Message['location'];
  kind: string;
  editCount: number;
  edits: MessageVersion[];
  deleted: boolean;
  message: Message;
}

interface ChatLog {
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
}

const KINDS = ['text', 'photo', 'document', 'sticker', 'voice', 'location', 'video', 'audio'] as const;

/** Every message of one bot's chats, including edits and deletions, so a test can read a chat's state. */
export class MessageStore {
  private readonly chats = new Map<number, ChatLog>();

  add(chatId: number, fromBot: boolean, build: (messageId: number) => Message): StoredMessage {
    const log = this.logOf(chatId);
    const messageId = log.nextMessageId++;
    const stored: StoredMessage = {
      messageId,
      chatId,
      fromBot,
      message: build(messageId),
      edits: [],
      deleted: false,
    };
    log.messages.set(messageId, stored);
    return stored;
  }

  /** A message that exists and is not deleted. */
  get(chatId: number, messageId: number): StoredMessage | undefined {
    const stored = this.chats.get(chatId)?.messages.get(messageId);
    return stored && !stored.deleted ? stored : undefined;
  }

  replace(stored: StoredMessage, next: Message, at: number): void {
    const previous = stored.message;
    stored.edits.push({
      replacedAt: at,
      ...(previous.text !== undefined && { text: previous.text }),
      ...(previous.caption !== undefined && { caption: previous.caption }),
      ...(previous.reply_markup !== undefined && { reply_markup: previous.reply_markup }),
    });
    stored.message = next;
  }

  markDeleted(stored: StoredMessage, at: number): void {
    stored.deleted = true;
    stored.deletedAt = at;
  }

  list(chatId: number): StoredMessage[] {
    return [...(this.chats.get(chatId)?.messages.values() ?? [])];
  }

  clear(): void {
    this.chats.clear();
  }

  private logOf(chatId: number): ChatLog {
    let log = this.chats.get(chatId);
    if (!log) {
      log = { nextMessageId: 1, messages: new Map() };
      this.chats.set(chatId, log);
    }
    return log;
  }
}

export function viewOf(stored: StoredMessage): ChatMessageView {
  const message = stored.message;
  const kind = KINDS.find((key) => message[key] !== undefined) ?? 'other';
  return {
    messageId: stored.messageId,
    chatId: stored.chatId,
    fromBot: stored.fromBot,
    date: message.date,
    kind,
    ...(message.text !== undefined && { text: message.text }),
    ...(message.caption !== undefined && { caption: message.caption }),
    ...(message.reply_markup !== undefined && { replyMarkup: message.reply_markup }),
    ...(message.reply_to_message !== undefined && { replyToMessageId: message.reply_to_message.message_id }),
    ...(message.photo !== undefined && { photo: message.photo }),
    ...(message.document !== undefined && { document: message.document }),
    ...(message.voice !== undefined && { voice: message.voice }),
    ...(message.location !== undefined && { location: message.location }),
    editCount: stored.edits.length,
    edits: stored.edits,
    deleted: stored.deleted,
    message,
  };
}
