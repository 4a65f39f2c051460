import { type Api, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, errorOf, startEmulator, TOKEN, VILLAGE_GROUP } from './helpers.ts';

let emulator: BotApiEmulator;
let api: Api;

beforeEach(async () => {
  ({ emulator, api } = await startEmulator());
});

afterEach(async () => {
  await emulator.close();
});

/** Four bytes that open every OGG file; enough for the emulator, which never decodes audio. */
const OGG = Buffer.from('OggS\0\x02', 'binary');

describe('sendVoice', () => {
  it('re-sends a villager voice by file_id: same file, its own duration, a caption, getFile downloads it', async () => {
    const bytes = Buffer.from('GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQRChYECGFOAZwH', 'base64');
    const { message } = emulator.injectMessage({
      user: ALICE,
      content: { voice: { duration: 5, bytesBase64: bytes.toString('base64'), mime_type: 'audio/webm' } },
    });
    const fileId = message?.voice?.file_id ?? '';
    expect(fileId).toMatch(/^AwACAgIAAxk/);
    emulator.sendGroupText(VILLAGE_GROUP, ALICE, 'hello');

    const sent = await api.sendVoice(VILLAGE_GROUP.id, fileId, {
      caption: '[Villagers Talk #1]\nRaised by Alice',
    });
    expect(sent.voice).toMatchObject({
      file_id: fileId,
      duration: 5,
      mime_type: 'audio/webm',
      file_size: bytes.length,
    });
    expect(sent.caption).toBe('[Villagers Talk #1]\nRaised by Alice');

    const [view] = emulator.chatMessages(VILLAGE_GROUP.id).filter((m) => m.fromBot);
    expect(view?.kind).toBe('voice');
    expect(view?.voice?.file_id).toBe(fileId);
    expect(view?.caption).toBe('[Villagers Talk #1]\nRaised by Alice');

    const titled = emulator.injectMessage({
      user: ALICE,
      content: { voice: { duration: 2 }, caption: 'ditch' },
    });
    expect(titled.message).toMatchObject({ caption: 'ditch', voice: { duration: 2 } });

    const file = await api.getFile(fileId);
    const download = await fetch(`${emulator.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('stores an upload as OGG voice with the sent duration, by InputFile and by attach://', async () => {
    emulator.addChat({ user: ALICE });
    const uploaded = await api.sendVoice(ALICE.id, new InputFile(OGG), { duration: 7 });
    expect(uploaded.voice).toMatchObject({ duration: 7, mime_type: 'audio/ogg', file_size: OGG.length });
    const call = emulator.calls({ method: 'sendVoice' })[0];
    expect(call?.params.voice).toMatchObject({ upload: true, size: OGG.length });

    // The same file re-sent keeps its own length, whatever duration comes with it.
    const again = await api.sendVoice(ALICE.id, uploaded.voice?.file_id ?? '', { duration: 99 });
    expect(again.voice?.duration).toBe(7);

    const form = new FormData();
    form.set('chat_id', String(ALICE.id));
    form.set('voice', 'attach://clip');
    form.set('clip', new Blob([OGG], { type: 'audio/ogg' }), 'clip.ogg');
    const response = await fetch(`${emulator.url}/bot${TOKEN}/sendVoice`, { method: 'POST', body: form });
    const body = (await response.json()) as { ok: boolean; result: { voice: { duration: number } } };
    expect(body).toMatchObject({ ok: true, result: { voice: { duration: 0, mime_type: 'audio/ogg' } } });
    expect(emulator.chatMessages(ALICE.id).map((m) => m.kind)).toEqual(['voice', 'voice', 'voice']);
  });

  it('refuses a missing voice and a caption over 1024 characters, and sends nothing', async () => {
    emulator.addChat({ user: ALICE });
    const missing = await errorOf(api.sendVoice(ALICE.id, ''));
    expect(missing).toMatchObject({
      error_code: 400,
      description: 'Bad Request: there is no voice in the request',
    });
    const long = await errorOf(api.sendVoice(ALICE.id, new InputFile(OGG), { caption: 'c'.repeat(1025) }));
    expect(long.description).toBe('Bad Request: message caption is too long');
    await expect(
      api.sendVoice(ALICE.id, new InputFile(OGG), { caption: 'c'.repeat(1024) }),
    ).resolves.toBeDefined();
    expect(emulator.chatMessages(ALICE.id)).toHaveLength(1);
  });

  it('counts against flood control like any send', async () => {
    emulator.addChat({ user: ALICE });
    for (let i = 0; i < 3; i++) await api.sendVoice(ALICE.id, new InputFile(OGG));
    const refused = await errorOf(api.sendVoice(ALICE.id, new InputFile(OGG)));
    expect(refused).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    const location = await errorOf(api.sendLocation(ALICE.id, 30, 104));
    expect(location).toMatchObject({ error_code: 429 });
    expect(emulator.calls({ chatId: ALICE.id, ok: false }).at(-1)?.inPenaltyWindow).toBe(true);
  });
});

describe('sendLocation', () => {
  it('stores a location message that a chat view and a reply can show', async () => {
    const { message } = emulator.sendText(ALICE, 'where is the ditch?');
    const sent = await api.sendLocation(ALICE.id, 30.9935, 104.2841, {
      horizontal_accuracy: 25,
      reply_parameters: { message_id: message?.message_id ?? 0 },
    });
    expect(sent.location).toEqual({ latitude: 30.9935, longitude: 104.2841, horizontal_accuracy: 25 });
    expect(sent.reply_to_message?.text).toBe('where is the ditch?');
    const view = emulator.chatMessages(ALICE.id).at(-1);
    expect(view).toMatchObject({ kind: 'location', fromBot: true, location: { latitude: 30.9935 } });

    // Edges of the globe are fine; strings (urlencoded bodies) too.
    await expect(api.sendLocation(ALICE.id, -90, 180)).resolves.toMatchObject({
      location: { latitude: -90, longitude: 180 },
    });
    const form = await fetch(`${emulator.url}/bot${TOKEN}/sendLocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `chat_id=${ALICE.id}&latitude=25.04&longitude=102.7`,
    });
    expect(await form.json()).toMatchObject({ ok: true, result: { location: { latitude: 25.04 } } });
  });

  it('refuses coordinates off the globe or missing, and sends nothing', async () => {
    emulator.addChat({ user: ALICE });
    expect(await errorOf(api.sendLocation(ALICE.id, 90.5, 100))).toMatchObject({
      error_code: 400,
      description: 'Bad Request: wrong latitude',
    });
    expect((await errorOf(api.sendLocation(ALICE.id, 10, -180.01))).description).toBe(
      'Bad Request: wrong longitude',
    );
    const words = await fetch(`${emulator.url}/bot${TOKEN}/sendLocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `chat_id=${ALICE.id}&latitude=north&longitude=10`,
    });
    expect(await words.json()).toMatchObject({ ok: false, description: 'Bad Request: wrong latitude' });
    const noLatitude = await fetch(`${emulator.url}/bot${TOKEN}/sendLocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chat_id: ALICE.id, longitude: 10 }),
    });
    expect(await noLatitude.json()).toMatchObject({
      ok: false,
      description: 'Bad Request: latitude is empty',
    });
    expect(
      (await errorOf(api.sendLocation(ALICE.id, 10, 10, { horizontal_accuracy: 2000 }))).description,
    ).toBe('Bad Request: wrong horizontal accuracy specified');
    expect(emulator.chatMessages(ALICE.id)).toEqual([]);
  });
});

describe('sendAudio', () => {
  it('stores an audio file with its title and performer', async () => {
    emulator.addChat({ user: ALICE });
    const sent = await api.sendAudio(ALICE.id, new InputFile(Buffer.from('ID3'), 'anthem.mp3'), {
      duration: 180,
      title: 'Village anthem',
      performer: 'Choir',
    });
    expect(sent.audio).toMatchObject({
      duration: 180,
      title: 'Village anthem',
      performer: 'Choir',
      file_name: 'anthem.mp3',
      mime_type: 'audio/mpeg',
    });
    expect(emulator.chatMessages(ALICE.id)[0]?.kind).toBe('audio');
  });
});
