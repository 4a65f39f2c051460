import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { Api, GrammyError, HttpError, InputFile } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { botApiClientOptions } from '../../bot/api/bot-api-client.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, startEmulator, TOKEN } from '../emulator/helpers.ts';

let emulator: BotApiEmulator;
let api: Api;

beforeEach(async () => {
  ({ emulator } = await startEmulator());
  emulator.addChat({ user: ALICE });
  api = new Api(TOKEN, botApiClientOptions({ apiRoot: emulator.url, timeoutSeconds: 1 }));
});

afterEach(async () => {
  await emulator.close();
});

/** The error a call rejects with. */
async function failureOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

describe('the Bot API client (undici under grammY)', () => {
  it('sends a JSON call and reads its answer, Chinese text intact', async () => {
    const sent = await api.sendMessage(ALICE.id, '谢其富家，483 分，全村第 17 名');
    expect(sent.text).toBe('谢其富家，483 分，全村第 17 名');
    const [call] = emulator.calls({ method: 'sendMessage' });
    expect(call?.params).toMatchObject({ chat_id: ALICE.id, text: '谢其富家，483 分，全村第 17 名' });
  });

  it("turns Telegram's refusals into GrammyError, with a 429's retry_after", async () => {
    emulator.blockChat(ALICE.id);
    const blocked = await failureOf(api.sendMessage(ALICE.id, 'hi'));
    expect(blocked).toBeInstanceOf(GrammyError);
    expect(blocked).toMatchObject({ error_code: 403, description: expect.stringContaining('blocked') });

    emulator.unblockChat(ALICE.id);
    emulator.force429(ALICE.id, 1, 7);
    const limited = await failureOf(api.sendMessage(ALICE.id, 'hi'));
    expect(limited).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    expect((await api.sendMessage(ALICE.id, 'again')).text).toBe('again');
  });

  it('gives up on a call that outlasts the timeout, and the next call goes through', async () => {
    emulator.setLatency(3_000, ['sendMessage']);
    const started = Date.now();
    const slow = await failureOf(api.sendMessage(ALICE.id, 'slow'));
    expect(slow).toBeInstanceOf(HttpError);
    expect(Date.now() - started).toBeLessThan(2_500);
    emulator.setLatency(0);
    expect((await api.sendMessage(ALICE.id, 'fast')).text).toBe('fast');
  });

  it('uploads a file as multipart, byte for byte', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const sent = await api.sendDocument(ALICE.id, new InputFile(bytes, '门牌二维码.pdf'), {
      caption: '全村门牌',
    });
    expect(sent.document).toMatchObject({ file_name: '门牌二维码.pdf', file_size: bytes.length });
    expect(sent.caption).toBe('全村门牌');
    const file = await api.getFile(sent.document?.file_id ?? '');
    const download = await fetch(`${emulator.url}/file/bot${TOKEN}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('fails with HttpError when the server cannot be reached or does not answer JSON', async () => {
    // A port that was free a moment ago: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const away = new Api(
      TOKEN,
      botApiClientOptions({ apiRoot: `http://127.0.0.1:${port}`, timeoutSeconds: 1 }),
    );
    expect(await failureOf(away.getMe())).toBeInstanceOf(HttpError);

    // A proxy in front of the Bot API answering with its own HTML page: no result, an HttpError.
    const proxy = createHttpServer((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad Gateway</html>');
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const { port: proxyPort } = proxy.address() as { port: number };
      const behindProxy = new Api(
        TOKEN,
        botApiClientOptions({ apiRoot: `http://127.0.0.1:${proxyPort}`, timeoutSeconds: 1 }),
      );
      expect(await failureOf(behindProxy.sendMessage(ALICE.id, 'hi'))).toBeInstanceOf(HttpError);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
