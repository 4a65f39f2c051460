import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { type BotApiEmulator, ControlError } from '../../bot-api-emulator/index.ts';
import type { ChatMessage, FeedEvent, GroupInfo, Persona, Setup } from '../shared/wire.ts';
import { toFeedEvents } from './event-feed.ts';
import { toApiCall, toChatMessage } from './message-view.ts';
import { type PersonaStore, userSpecOf } from './persona-store.ts';

export interface PlaygroundContext {
  emulator: BotApiEmulator;
  botToken: string;
  personas: PersonaStore;
  group: GroupInfo;
  inviteLink: string;
  /**
   * Member numbers by Telegram id, as the village has them now (a newcomer gets one on joining). The
   * demo reads them from its database; the playground itself only knows what the emulator saw.
   */
  memberNumbers?: () => Promise<ReadonlyMap<number, number>>;
}

const HEARTBEAT_MS = 15_000;
const MAX_CALLS = 500;

const language = z.enum(['zh', 'en']);
const sendBody = z.object({
  personaId: z.number().int(),
  replyToMessageId: z.number().int().optional(),
  content: z
    .object({
      text: z.string().min(1).max(4096).optional(),
      photo: z.object({ bytesBase64: z.string().min(1) }).optional(),
      location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
      voice: z
        .object({ duration: z.number().int().min(1), bytesBase64: z.string().min(1), mimeType: z.string() })
        .optional(),
      caption: z.string().max(1024).optional(),
    })
    .refine((c) => [c.text, c.photo, c.location, c.voice].filter((v) => v !== undefined).length === 1, {
      message: 'send exactly one of text, photo, location, voice',
    }),
});
const pressBody = z.object({ personaId: z.number().int(), messageId: z.number().int(), data: z.string() });
const newPersonBody = z.object({ name: z.string().trim().min(1).max(64), language });
const languageBody = z.object({ language });

/**
 * The page's API: a thin layer over the emulator's control operations. Reads come from what the
 * emulator recorded; writes become real updates the bot receives.
 */
export function createApiRoutes(ctx: PlaygroundContext): Hono {
  const { emulator, personas } = ctx;
  const bot = { bot: ctx.botToken };
  const api = new Hono();

  api.onError((error, c) => {
    if (error instanceof ControlError) return c.json({ error: error.message }, error.status as 400);
    if (error instanceof z.ZodError || error instanceof RangeError)
      return c.json({ error: error.message }, 400);
    return c.json({ error: String(error) }, 500);
  });

  /** The personas, each with their member number when they have one. */
  const personasNow = async (): Promise<Persona[]> => {
    const numbers = await ctx.memberNumbers?.().catch(() => undefined);
    return personas.list().map((persona) => {
      const number = numbers?.get(persona.id) ?? persona.number;
      return number === undefined ? persona : { ...persona, number };
    });
  };
  const pressedBy = (callbackQueryId: string) =>
    emulator.core.botForToken(ctx.botToken).callbackQueries.get(callbackQueryId)?.userId;

  const personaOf = (id: number) => {
    const persona = personas.get(id);
    if (!persona) throw new ControlError(404, `no persona ${id}`);
    return persona;
  };
  /** A persona writes in their own private chat or in the village group, nowhere else. */
  const chatFor = (chatId: number, personaId: number) => {
    if (chatId === ctx.group.id) return { chat: { id: ctx.group.id, title: ctx.group.title } };
    if (chatId === personaId) return {};
    throw new ControlError(403, `persona ${personaId} cannot write in chat ${chatId}`);
  };

  api.get('/setup', async (c) => {
    const info = emulator.core.botFor(ctx.botToken).info;
    const setup: Setup = {
      bot: { username: info.username, name: info.first_name },
      personas: await personasNow(),
      group: ctx.group,
      inviteLink: ctx.inviteLink,
    };
    return c.json(setup);
  });

  api.get('/chats/:chatId/messages', (c) => {
    const chatId = Number(c.req.param('chatId'));
    const hasBytes = (fileId: string) => emulator.core.files.get(fileId)?.bytes !== undefined;
    const messages: ChatMessage[] = emulator
      .chatMessages(chatId, { ...bot, includeDeleted: false })
      .map((view) => toChatMessage(view, hasBytes));
    return c.json({ messages });
  });

  api.post('/chats/:chatId/messages', async (c) => {
    const body = sendBody.parse(await c.req.json());
    const persona = personaOf(body.personaId);
    const { content } = body;
    const result = emulator.injectMessage({
      ...bot,
      user: userSpecOf(persona),
      ...chatFor(Number(c.req.param('chatId')), persona.id),
      ...(body.replyToMessageId !== undefined && { replyToMessageId: body.replyToMessageId }),
      content: {
        ...(content.text !== undefined && { text: content.text }),
        ...(content.photo && { photo: { bytesBase64: content.photo.bytesBase64 } }),
        ...(content.location && { location: content.location }),
        ...(content.voice && {
          voice: {
            duration: content.voice.duration,
            bytesBase64: content.voice.bytesBase64,
            mime_type: content.voice.mimeType,
          },
        }),
        ...(content.caption !== undefined && { caption: content.caption }),
      },
    });
    return c.json({ updateId: result.updateId, messageId: result.message?.message_id });
  });

  api.post('/chats/:chatId/buttons', async (c) => {
    const body = pressBody.parse(await c.req.json());
    const persona = personaOf(body.personaId);
    const chatId = Number(c.req.param('chatId'));
    chatFor(chatId, persona.id);
    const result = emulator.pressButton({
      ...bot,
      user: userSpecOf(persona),
      chatId,
      messageId: body.messageId,
      data: body.data,
    });
    return c.json({ updateId: result.updateId });
  });

  api.get('/commands', (c) => {
    const code = c.req.query('language') === 'en' ? 'en' : 'zh';
    return c.json({ commands: emulator.botCommands(code, bot) });
  });

  api.get('/calls', (c) => {
    const calls = emulator.calls(bot).slice(-MAX_CALLS).map(toApiCall);
    return c.json({ calls });
  });

  api.get('/personas', async (c) => c.json({ personas: await personasNow() }));

  api.post('/personas', async (c) => {
    const body = newPersonBody.parse(await c.req.json());
    return c.json({ persona: await personas.add(body.name, body.language) });
  });

  api.put('/personas/:id/language', async (c) => {
    const body = languageBody.parse(await c.req.json());
    const persona = await personas.setLanguage(Number(c.req.param('id')), body.language);
    if (!persona) throw new ControlError(404, `no persona ${c.req.param('id')}`);
    return c.json({ persona });
  });

  api.get('/files/:fileId', (c) => {
    const file = emulator.core.files.get(c.req.param('fileId'));
    if (!file?.bytes) return c.json({ error: 'no such file, or only a reference to one' }, 404);
    return c.body(new Uint8Array(file.bytes), 200, {
      'content-type': file.mimeType ?? 'application/octet-stream',
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

  api.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const send = (event: FeedEvent) => {
        void stream.writeSSE({ event: event.type, data: JSON.stringify(event) });
      };
      const unsubscribe = emulator.core.events.subscribe((event) => {
        for (const feedEvent of toFeedEvents(event, ctx.botToken, pressedBy)) send(feedEvent);
      });
      const stopPersonas = personas.onChange(
        () => void personasNow().then((list) => send({ type: 'personas', personas: list })),
      );
      const heartbeat = setInterval(() => void stream.write(': heartbeat\n\n'), HEARTBEAT_MS);
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 1000 });
      await new Promise<void>((resolve) => stream.onAbort(resolve));
      clearInterval(heartbeat);
      stopPersonas();
      unsubscribe();
    }),
  );

  return api;
}
