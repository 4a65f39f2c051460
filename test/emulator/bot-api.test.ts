import { type Bot, InlineKeyboard, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import {
  ALICE,
  botFor,
  errorOf,
  startEmulator,
  startPolling,
  TOKEN,
  VILLAGE_GROUP,
  waitUntil,
} from './helpers.ts';

let emulator: BotApiEmulator;
let api: Bot['api'];
let stopBot: (() => Promise<void>) | undefined;

beforeEach(async () => {
  ({ emulator, api } = await startEmulator());
});

afterEach(async () => {
  await stopBot?.();
  stopBot = undefined;
  await emulator.close();
});

describe('identity and updates', () => {
  it('answers getMe from the token', async () => {
    const me = await api.getMe();
    expect(me).toMatchObject({
      id: 123456789,
      is_bot: true,
      username: 'yingshan_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
    });
    const other = await botFor(emulator, '42:other').api.getMe();
    expect(other.id).toBe(42);
  });

  it('holds getUpdates until an update arrives, and an offset confirms it', async () => {
    const started = Date.now();
    const poll = api.getUpdates({ timeout: 5 });
    setTimeout(() => emulator.sendText(ALICE, 'hello'), 150);
    const updates = await poll;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(updates).toHaveLength(1);
    const [update] = updates;
    expect(update?.message?.text).toBe('hello');
    expect(update?.message?.chat).toMatchObject({ id: ALICE.id, type: 'private' });
    expect(update?.message?.from).toMatchObject({ id: ALICE.id, is_bot: false, first_name: 'Alice' });

    // Not confirmed yet: delivered again.
    expect(await api.getUpdates({ timeout: 0 })).toHaveLength(1);
    expect(emulator.pendingUpdates()[0]?.pending).toBe(1);

    const confirmed = await api.getUpdates({ offset: (update?.update_id ?? 0) + 1, timeout: 0 });
    expect(confirmed).toEqual([]);
    expect(emulator.pendingUpdates()[0]?.pending).toBe(0);
  });

  it('returns an empty list when the long poll times out', async () => {
    const started = Date.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives bot.command() the /start payload', async () => {
    const bot = botFor(emulator);
    const payloads: string[] = [];
    bot.command('start', async (ctx) => {
      payloads.push(ctx.match);
      await ctx.reply(`joined ${ctx.match}`);
    });
    stopBot = await startPolling(bot);
    const { sinceSeq } = emulator.sendText(ALICE, '/start join_ABC');
    const reply = await emulator.waitForCall({ method: 'sendMessage', sinceSeq }, 3000);
    expect(payloads).toEqual(['join_ABC']);
    expect(reply.ok).toBe(true);
    expect(reply.chatId).toBe(ALICE.id);
    expect(emulator.chatMessages(ALICE.id).map((m) => [m.fromBot, m.text])).toEqual([
      [false, '/start join_ABC'],
      [true, 'joined join_ABC'],
    ]);
  });

  it('matches /cmd@botname in a group', async () => {
    const bot = botFor(emulator);
    const seen: number[] = [];
    bot.command('help', (ctx) => {
      seen.push(ctx.chat.id);
    });
    stopBot = await startPolling(bot);
    emulator.sendGroupText(VILLAGE_GROUP, ALICE, '/help@yingshan_bot');
    emulator.sendGroupText(VILLAGE_GROUP, ALICE, '/help@some_other_bot');
    await waitUntil(() => emulator.pendingUpdates()[0]?.pending === 0);
    expect(seen).toEqual([VILLAGE_GROUP.id]);
  });
});

describe('messages and buttons', () => {
  it('runs a button press through answerCallbackQuery, once', async () => {
    emulator.addChat({ user: ALICE });
    const sent = await api.sendMessage(ALICE.id, 'Vote?', {
      reply_markup: new InlineKeyboard().text('Yes', 'vote:yes').text('No', 'vote:no'),
    });
    expect(sent.reply_markup?.inline_keyboard[0]?.[0]).toMatchObject({
      text: 'Yes',
      callback_data: 'vote:yes',
    });

    const press = emulator.pressButton({ user: ALICE, messageId: sent.message_id, data: 'vote:no' });
    const [update] = await api.getUpdates({ timeout: 1 });
    expect(update?.callback_query).toMatchObject({
      id: press.callbackQueryId,
      data: 'vote:no',
      from: { id: ALICE.id },
      message: { message_id: sent.message_id, text: 'Vote?' },
    });

    expect(await api.answerCallbackQuery(press.callbackQueryId ?? '', { text: 'Counted' })).toBe(true);
    const second = await errorOf(api.answerCallbackQuery(press.callbackQueryId ?? ''));
    expect(second.error_code).toBe(400);
    expect(second.description).toBe(
      'Bad Request: query is too old and response timeout expired or query ID is invalid',
    );
    expect(emulator.callbackQuery(press.callbackQueryId ?? '')?.answer).toMatchObject({ text: 'Counted' });
    expect(() =>
      emulator.pressButton({ user: ALICE, messageId: sent.message_id, data: 'vote:maybe' }),
    ).toThrow(/no button/);
  });

  it('refuses an edit that changes nothing, and tracks real edits', async () => {
    emulator.addChat({ user: ALICE });
    const keyboard = new InlineKeyboard().text('Refresh', 'refresh');
    const sent = await api.sendMessage(ALICE.id, 'Progress: 1/3', { reply_markup: keyboard });
    await api.editMessageText(ALICE.id, sent.message_id, 'Progress: 2/3', { reply_markup: keyboard });
    const same = await errorOf(
      api.editMessageText(ALICE.id, sent.message_id, 'Progress: 2/3', { reply_markup: keyboard }),
    );
    expect(same.description).toBe(
      'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    );
    const sameMarkup = await errorOf(
      api.editMessageReplyMarkup(ALICE.id, sent.message_id, { reply_markup: keyboard }),
    );
    expect(sameMarkup.description).toMatch(/^Bad Request: message is not modified/);

    const missing = await errorOf(api.editMessageText(ALICE.id, 999, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');

    const [view] = emulator.chatMessages(ALICE.id);
    expect(view?.text).toBe('Progress: 2/3');
    expect(view?.edits.map((edit) => edit.text)).toEqual(['Progress: 1/3']);

    await api.deleteMessage(ALICE.id, sent.message_id);
    expect(emulator.chatMessages(ALICE.id)[0]?.deleted).toBe(true);
    const gone = await errorOf(api.editMessageText(ALICE.id, sent.message_id, 'Progress: 3/3'));
    expect(gone.description).toBe('Bad Request: message to edit not found');
  });

  it('checks text length, emptiness, HTML and callback data like Telegram', async () => {
    emulator.addChat({ user: ALICE });
    const tooLong = await errorOf(api.sendMessage(ALICE.id, 'a'.repeat(4097)));
    expect(tooLong).toMatchObject({ error_code: 400, description: 'Bad Request: message is too long' });
    await expect(api.sendMessage(ALICE.id, `  ${'a'.repeat(4096)}  `)).resolves.toMatchObject({
      message_id: 1,
    });
    const html = await api.sendMessage(ALICE.id, `<b>${'a'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    expect(html.entities).toEqual([{ type: 'bold', offset: 0, length: 4096 }]);

    const empty = await errorOf(api.sendMessage(ALICE.id, '   '));
    expect(empty.description).toBe('Bad Request: message text is empty');

    const badHtml = await errorOf(api.sendMessage(ALICE.id, '<b>bold', { parse_mode: 'HTML' }));
    expect(badHtml.description).toMatch(/^Bad Request: can't parse entities: /);
    const unknownTag = await errorOf(api.sendMessage(ALICE.id, '<blink>x</blink>', { parse_mode: 'HTML' }));
    expect(unknownTag.description).toBe(
      `Bad Request: can't parse entities: Unsupported start tag "blink" at byte offset 0`,
    );

    const longData = await errorOf(
      api.sendMessage(ALICE.id, 'pick', { reply_markup: new InlineKeyboard().text('x', 'd'.repeat(65)) }),
    );
    expect(longData.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    await expect(
      api.sendMessage(ALICE.id, 'pick', { reply_markup: new InlineKeyboard().text('x', 'd'.repeat(64)) }),
    ).resolves.toBeDefined();
  });

  it('answers 404 Not Found for an unknown method and chat not found for an unseen chat', async () => {
    const response = await fetch(`${emulator.url}/bot${TOKEN}/sendTelepathy`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ ok: false, error_code: 404, description: 'Not Found' });

    const unseen = await errorOf(api.sendMessage(777, 'hi'));
    expect(unseen).toMatchObject({ error_code: 400, description: 'Bad Request: chat not found' });
    const noChat = await fetch(`${emulator.url}/bot${TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hi' }),
    });
    expect(await noChat.json()).toMatchObject({ description: 'Bad Request: chat_id is empty' });
  });

  it('replies to a message the user sent, and a user replies to the bot', async () => {
    const { message } = emulator.sendText(ALICE, 'my question');
    const answer = await api.sendMessage(ALICE.id, 'my answer', {
      reply_parameters: { message_id: message?.message_id ?? 0 },
    });
    expect(answer.reply_to_message?.text).toBe('my question');
    const missing = await errorOf(api.sendMessage(ALICE.id, 'x', { reply_parameters: { message_id: 99 } }));
    expect(missing.description).toBe('Bad Request: message to be replied not found');

    const reply = emulator.replyTo(ALICE, answer.message_id, 'thanks');
    expect(reply.message?.reply_to_message).toMatchObject({
      message_id: answer.message_id,
      text: 'my answer',
    });
  });

  it('stores a photo uploaded as an InputFile and a document by multipart', async () => {
    emulator.addChat({ user: ALICE });
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000020000000308060000009d0b7d6e0000000049454e44ae426082',
      'hex',
    );
    const photo = await api.sendPhoto(ALICE.id, new InputFile(png, 'board.png'), {
      caption: '<i>Notice board</i>',
      parse_mode: 'HTML',
    });
    expect(photo.caption).toBe('Notice board');
    expect(photo.caption_entities).toEqual([{ type: 'italic', offset: 0, length: 12 }]);
    const largest = photo.photo?.at(-1);
    expect(largest).toMatchObject({ width: 2, height: 3, file_size: png.length });

    const call = emulator.calls({ method: 'sendPhoto' })[0];
    expect(call?.params.photo).toMatchObject({ upload: true, fileName: 'board.png', size: png.length });

    const file = await api.getFile(largest?.file_id ?? '');
    const download = await fetch(`${emulator.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(png)).toBe(true);

    const resent = await api.sendPhoto(ALICE.id, largest?.file_id ?? '');
    expect(resent.photo?.at(-1)?.file_id).toBe(largest?.file_id);

    const doc = await api.sendDocument(ALICE.id, new InputFile(Buffer.from('a,b\n1,2\n'), 'minutes.csv'));
    expect(doc.document).toMatchObject({ file_name: 'minutes.csv', mime_type: 'text/csv', file_size: 8 });

    const longCaption = await errorOf(
      api.sendDocument(ALICE.id, doc.document?.file_id ?? '', { caption: 'c'.repeat(1025) }),
    );
    expect(longCaption.description).toBe('Bad Request: message caption is too long');
    expect(emulator.chatMessages(ALICE.id).map((m) => m.kind)).toEqual(['photo', 'photo', 'document']);
  });

  it('answers 403 when the user blocked the bot', async () => {
    emulator.addChat({ user: ALICE });
    await api.sendMessage(ALICE.id, 'before');
    emulator.blockChat(ALICE.id);
    const blocked = await errorOf(api.sendMessage(ALICE.id, 'after'));
    expect(blocked).toMatchObject({ error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    emulator.unblockChat(ALICE.id);
    await expect(api.sendMessage(ALICE.id, 'again')).resolves.toBeDefined();
  });

  it('upgrades a group to a supergroup as Telegram does: two service messages, the old id refused', async () => {
    const group = { id: -4001, title: 'Old group', type: 'group' as const };
    emulator.sendGroupText(group, ALICE, 'hi');
    await api
      .getUpdates({ timeout: 0 })
      .then((u) => api.getUpdates({ offset: (u.at(-1)?.update_id ?? 0) + 1, timeout: 0 }));
    const { toOld, toNew } = emulator.migrateGroup(group, -1004001, ALICE);
    const updates = await api.getUpdates({ offset: toOld.updateId, timeout: 0 });
    expect(updates.map((u) => u.message)).toMatchObject([
      { chat: { id: -4001, type: 'group' }, migrate_to_chat_id: -1004001 },
      { chat: { id: -1004001, type: 'supergroup' }, migrate_from_chat_id: -4001 },
    ]);
    expect(toNew.updateId).toBe(toOld.updateId + 1);
    expect(await errorOf(api.sendMessage(-4001, 'to the old id'))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1004001 },
    });
    await expect(api.sendMessage(-1004001, 'to the new id')).resolves.toMatchObject({
      chat: { id: -1004001 },
    });
  });

  it('stores commands per scope and language, and knows chats', async () => {
    await api.setMyCommands([{ command: 'start', description: 'Start' }]);
    await api.setMyCommands([{ command: 'start', description: '开始' }], { language_code: 'zh' });
    await api.setMyCommands([{ command: 'admin', description: 'Admin' }], {
      scope: { type: 'chat', chat_id: VILLAGE_GROUP.id },
    });
    expect(await api.getMyCommands()).toEqual([{ command: 'start', description: 'Start' }]);
    expect(await api.getMyCommands({ language_code: 'zh' })).toEqual([
      { command: 'start', description: '开始' },
    ]);
    expect(await api.getMyCommands({ scope: { type: 'chat', chat_id: VILLAGE_GROUP.id } })).toEqual([
      { command: 'admin', description: 'Admin' },
    ]);
    // The menu a user sees: their language's list, else the default one.
    expect(emulator.botCommands('zh-hans')).toEqual([{ command: 'start', description: '开始' }]);
    expect(emulator.botCommands('en')).toEqual([{ command: 'start', description: 'Start' }]);
    await expect(api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toThrow(
      /BOT_COMMAND_INVALID/,
    );

    emulator.sendGroupText(VILLAGE_GROUP, ALICE, 'hello all');
    expect(await api.getChat(VILLAGE_GROUP.id)).toMatchObject({
      id: VILLAGE_GROUP.id,
      type: 'supergroup',
      title: 'Village square',
    });
    expect(await api.sendChatAction(VILLAGE_GROUP.id, 'typing')).toBe(true);
  });

  it('records every call with its outcome', async () => {
    emulator.addChat({ user: ALICE });
    await api.sendMessage(ALICE.id, 'one');
    await errorOf(api.sendMessage(555, 'two'));
    const calls = emulator.calls({ method: 'sendMessage' });
    expect(calls.map((c) => [c.chatId, c.ok, c.errorCode ?? null])).toEqual([
      [ALICE.id, true, null],
      [555, false, 400],
    ]);
    expect(calls[0]?.params).toMatchObject({ chat_id: ALICE.id, text: 'one' });
    expect(calls[1]?.seq).toBeGreaterThan(calls[0]?.seq ?? Infinity);
  });
});
