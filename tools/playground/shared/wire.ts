/**
 * What the playground server and page say to each other. Everything here is derived from the
 * emulator: recorded Bot API calls, the messages they made, and the updates the page injected.
 */

export type PersonaLanguage = 'zh' | 'en';

export interface Persona {
  /** Telegram user id; their private chat with the bot has the same id. */
  id: number;
  /** Telegram's first_name. */
  name: string;
  language: PersonaLanguage;
  /** A short role label for the switcher, e.g. 书记; empty for newcomers. */
  role: string;
  /** Their member number in the demo village, once they have one (a secretary asks by number). */
  number?: number;
}

export interface GroupInfo {
  id: number;
  title: string;
}

export interface Setup {
  bot: { username: string; name: string };
  personas: Persona[];
  group: GroupInfo;
  /** t.me link that opens the bot with `/start join_<code>`. */
  inviteLink: string;
}

export interface TextEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
}

export interface InlineButton {
  text: string;
  data?: string;
  url?: string;
}

export interface ChatMessage {
  id: number;
  chatId: number;
  fromBot: boolean;
  /** Sender for group chats and replies. */
  from: { id: number; name: string };
  date: number;
  text?: string;
  entities?: TextEntity[];
  caption?: string;
  photo?: { fileId: string; width: number; height: number };
  document?: { fileId: string; fileName: string; mimeType?: string };
  voice?: { fileId: string; duration: number; hasBytes: boolean };
  location?: { latitude: number; longitude: number };
  sticker?: { emoji: string };
  keyboard?: InlineButton[][];
  replyTo?: { id: number; name: string; text: string };
  edited: boolean;
}

export interface ApiCall {
  seq: number;
  time: number;
  method: string;
  chatId?: number;
  ok: boolean;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
  inPenaltyWindow: boolean;
}

export interface BotCommandItem {
  command: string;
  description: string;
}

/** What a persona sends: one of these, as a villager's Telegram app would. */
export interface OutgoingContent {
  text?: string;
  photo?: { bytesBase64: string };
  location?: { latitude: number; longitude: number };
  voice?: { duration: number; bytesBase64: string; mimeType: string };
  caption?: string;
}

export interface SendRequest {
  personaId: number;
  content: OutgoingContent;
  replyToMessageId?: number;
}

export interface PressRequest {
  personaId: number;
  messageId: number;
  data: string;
}

/**
 * The bot answered a button press with words (`answerCallbackQuery` text): Telegram shows them to the
 * person who pressed, as a toast, or as an alert with an OK button when `showAlert`.
 */
export interface ButtonNotice {
  personaId: number;
  chatId: number;
  text: string;
  showAlert: boolean;
}

/** Server-sent events: a chat changed (refetch it) or the bot made a call (for the panel). */
export type FeedEvent =
  | { type: 'chat'; chatId: number; byBot: boolean; isNew: boolean }
  | { type: 'call'; call: ApiCall }
  | { type: 'personas'; personas: Persona[] }
  | ({ type: 'notice' } & ButtonNotice);
