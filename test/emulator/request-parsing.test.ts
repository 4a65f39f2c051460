import type { Api } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { parseMultipart } from '../../tools/bot-api-emulator/multipart.ts';
import { ALICE, errorOf, startEmulator, TOKEN } from './helpers.ts';

describe('parseMultipart', () => {
  it('reads quoted (curl) and unquoted (grammY) dispositions and keeps bytes intact', () => {
    const bytes = Buffer.from([0, 13, 10, 45, 45, 255]);
    const body = Buffer.concat([
      Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n1001\r\n'),
      Buffer.from('--XyZ\r\ncontent-disposition:form-data;name="photo";filename=a b.jpg\r\n'),
      Buffer.from('content-type:image/jpeg\r\n\r\n'),
      bytes,
      Buffer.from('\r\n--XyZ--\r\n'),
    ]);
    const { fields, files } = parseMultipart(body, 'XyZ');
    expect(fields).toEqual({ chat_id: '1001' });
    const photo = files.get('photo');
    expect(photo?.fileName).toBe('a b.jpg');
    expect(photo?.contentType).toBe('image/jpeg');
    expect(photo?.bytes.equals(bytes)).toBe(true);
  });
});

describe('request bodies', () => {
  let emulator: BotApiEmulator;
  let api: Api;
  beforeEach(async () => {
    ({ emulator, api } = await startEmulator());
    emulator.addChat({ user: ALICE });
  });
  afterEach(() => emulator.close());

  it('accepts urlencoded bodies, query strings, GET and case-insensitive method names', async () => {
    const markup = JSON.stringify({ inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] });
    const form = await fetch(`${emulator.url}/bot${TOKEN}/sendmessage`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(ALICE.id), text: 'form', reply_markup: markup }),
    });
    expect(await form.json()).toMatchObject({
      ok: true,
      result: { text: 'form', reply_markup: { inline_keyboard: [[{ text: 'a', callback_data: 'b' }]] } },
    });
    const get = await fetch(`${emulator.url}/bot${TOKEN}/sendMessage?chat_id=${ALICE.id}&text=query`);
    expect(await get.json()).toMatchObject({ ok: true, result: { text: 'query' } });
  });

  it('accepts a multipart upload under the parameter name itself', async () => {
    const form = new FormData();
    form.set('chat_id', String(ALICE.id));
    form.set('document', new Blob([Buffer.from('hello')]), 'hello.txt');
    const response = await fetch(`${emulator.url}/bot${TOKEN}/sendDocument`, { method: 'POST', body: form });
    expect(await response.json()).toMatchObject({
      ok: true,
      result: { document: { file_name: 'hello.txt', mime_type: 'text/plain', file_size: 5 } },
    });
  });

  it('rejects malformed tokens with 401 and a second long poll with 409 for the first', async () => {
    const response = await fetch(`${emulator.url}/botnot-a-token/getMe`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });

    const first = errorOf(api.getUpdates({ timeout: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = api.getUpdates({ timeout: 1 });
    expect(await first).toMatchObject({
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    await expect(second).resolves.toEqual([]);
  });
});
