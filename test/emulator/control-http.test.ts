import { InlineKeyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorClient, EmulatorClientError } from '../../tools/bot-api-emulator/client.ts';
import type { BotApiEmulator, EmulatorEvent } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, botFor, errorOf, startEmulator, startPolling, TOKEN, VILLAGE_GROUP } from './helpers.ts';

let emulator: BotApiEmulator;
let client: EmulatorClient;
let stopBot: (() => Promise<void>) | undefined;

beforeEach(async () => {
  ({ emulator } = await startEmulator());
  client = new EmulatorClient(emulator.url);
});

afterEach(async () => {
  await stopBot?.();
  stopBot = undefined;
  await emulator.close();
});

describe('control API over HTTP', () => {
  it('drives a polling bot end to end: text, button press, chat state', async () => {
    const bot = botFor(emulator);
    bot.command('poll', (ctx) =>
      ctx.reply('Fix the well?', { reply_markup: new InlineKeyboard().text('Yes', 'well:yes') }),
    );
    bot.callbackQuery('well:yes', async (ctx) => {
      await ctx.answerCallbackQuery('Thanks');
      await ctx.editMessageText('Fix the well? (1 yes)');
    });
    stopBot = await startPolling(bot);

    const sent = await client.sendText(ALICE, '/poll');
    const question = await client.waitForCall({ method: 'sendMessage', sinceSeq: sent.sinceSeq }, 3000);
    const messageId = (question.result as { message_id: number }).message_id;

    const press = await client.pressButton(ALICE, messageId, 'well:yes');
    const answer = await client.waitForCall(
      { method: 'answerCallbackQuery', sinceSeq: press.sinceSeq },
      3000,
    );
    expect(answer).toMatchObject({ ok: true, chatId: ALICE.id, params: { text: 'Thanks' } });
    await client.waitForCall({ method: 'editMessageText', sinceSeq: press.sinceSeq }, 3000);

    const messages = await client.chatMessages(ALICE.id);
    expect(messages.map((m) => [m.fromBot, m.text, m.editCount])).toEqual([
      [false, '/poll', 0],
      [true, 'Fix the well? (1 yes)', 1],
    ]);
    expect((await client.callbackQuery(press.callbackQueryId ?? ''))?.answered).toBe(true);

    const calls = await client.calls({ method: ['sendMessage', 'editMessageText'], chatId: ALICE.id });
    expect(calls.map((c) => c.method)).toEqual(['sendMessage', 'editMessageText']);
  });

  it('times out a wait with 408 and rejects unknown messages with 404', async () => {
    await expect(client.waitForCall({ method: 'sendMessage' }, 100)).rejects.toMatchObject({ status: 408 });
    const error = await client.pressButton(ALICE, 42, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorClientError);
    expect((error as EmulatorClientError).status).toBe(404);
  });

  it('injects group messages, stickers, photos, documents, locations, voices and replies', async () => {
    const group = await client.sendGroupText(VILLAGE_GROUP, ALICE, 'meeting at 8');
    expect(group.message?.chat).toMatchObject({
      id: VILLAGE_GROUP.id,
      type: 'supergroup',
      title: 'Village square',
    });
    const reply = await client.replyTo(ALICE, group.message?.message_id ?? 0, 'ok', { chat: VILLAGE_GROUP });
    expect(reply.message?.reply_to_message?.text).toBe('meeting at 8');

    const sticker = await client.sendMessage(ALICE, { sticker: { emoji: '🌾' } });
    expect(sticker.message?.sticker?.emoji).toBe('🌾');
    const photo = await client.sendMessage(ALICE, { photo: {}, caption: 'the road' });
    expect(photo.message?.photo?.length).toBeGreaterThan(0);
    expect(photo.message?.caption).toBe('the road');
    const doc = await client.sendMessage(ALICE, {
      document: { file_name: 'budget.pdf', bytesBase64: Buffer.from('%PDF').toString('base64') },
    });
    expect(doc.message?.document).toMatchObject({
      file_name: 'budget.pdf',
      mime_type: 'application/pdf',
      file_size: 4,
    });
    const location = await client.sendMessage(ALICE, { location: { latitude: 25.04, longitude: 102.7 } });
    expect(location.message?.location).toEqual({ latitude: 25.04, longitude: 102.7 });
    const voice = await client.sendMessage(ALICE, { voice: { duration: 3 } });
    expect(voice.message?.voice?.duration).toBe(3);
    expect(voice.message?.voice?.mime_type).toBe('audio/ogg');
    const recorded = await client.sendMessage(ALICE, {
      voice: { duration: 2, bytesBase64: 'GkXfow==', mime_type: 'audio/webm' },
    });
    expect(recorded.message?.voice).toMatchObject({ mime_type: 'audio/webm', file_size: 4 });

    const raw = await client.injectUpdate({ my_chat_member: { chat: { id: 1 } } });
    expect(raw.updateId).toBe(recorded.updateId + 1);

    const pending = await client.pendingUpdates();
    expect(pending).toEqual([{ botId: 0, username: 'yingshan_bot', pending: 9 }]);
    // The first bot to call adopts what was injected before it spoke.
    const updates = await botFor(emulator).api.getUpdates({ timeout: 0 });
    expect(updates).toHaveLength(9);
    expect((await client.pendingUpdates())[0]?.botId).toBe(123456789);
  });

  it('blocks chats, forces 429s and resets over HTTP', async () => {
    const api = botFor(emulator).api;
    await client.addChat({ user: ALICE });
    await client.blockChat(ALICE.id);
    expect((await errorOf(api.sendMessage(ALICE.id, 'x'))).error_code).toBe(403);
    await client.unblockChat(ALICE.id);
    await client.force429(ALICE.id, 1, 5);
    expect((await errorOf(api.sendMessage(ALICE.id, 'x'))).parameters.retry_after).toBe(5);
    await expect(api.sendMessage(ALICE.id, 'x')).resolves.toBeDefined();

    await client.reset();
    expect(await client.calls()).toEqual([]);
    expect((await errorOf(api.sendMessage(ALICE.id, 'x'))).description).toBe('Bad Request: chat not found');
  });

  it('streams calls and updates as server-sent events', async () => {
    const response = await fetch(`${emulator.url}/__emulator/events`);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const events: EmulatorEvent[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      while (events.length < 2) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        for (const line of buffer.split('\n')) {
          if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as EmulatorEvent);
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
      }
      await reader.cancel();
    })();
    await client.sendText(ALICE, 'hi');
    await botFor(emulator, TOKEN).api.sendMessage(ALICE.id, 'hello');
    await reading;
    expect(events.map((e) => e.type)).toEqual(['update', 'call']);
    expect(events[1]).toMatchObject({ type: 'call', call: { method: 'sendMessage', ok: true } });
  });
});
