import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Api } from 'grammy';
import type { PrismaClient, SqlReader } from '../../core/db/client.ts';
import { type InboxUpdate, type PendingUpdate, storeUpdates } from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';

const MAX_BODY_BYTES = 1_000_000;

export interface WebhookOptions {
  api: Api;
  prisma: PrismaClient;
  /** The plain SQL reader to store updates with (createDatabase's `sql`); Prisma without it. */
  sql?: SqlReader | undefined;
  logger: Logger;
  url: string;
  secret: string;
  host: string;
  port: number;
  onStored: (updates: PendingUpdate[]) => void;
}

/**
 * Telegram POSTs each update here. The answer is 200 only once the update is stored in the inbox,
 * so Telegram redelivers anything we could not keep; a redelivery is dropped by its id.
 * Handling happens afterwards, so a slow handler never makes Telegram time out and retry.
 */
export async function startWebhookServer(options: WebhookOptions): Promise<{ close(): Promise<void> }> {
  const path = new URL(options.url).pathname;
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], options.secret)) {
      res.writeHead(401).end();
      return;
    }
    try {
      const update = JSON.parse(await readBody(req)) as InboxUpdate;
      if (!Number.isSafeInteger(update?.update_id)) {
        res.writeHead(400).end();
        return;
      }
      const fresh = await storeUpdates(options.sql ?? options.prisma, [update]);
      res.writeHead(200).end();
      options.onStored(fresh);
    } catch (error) {
      options.logger.error({ err: error }, 'webhook update not stored; Telegram will redeliver it');
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, options.host, resolve));
  await options.api.setWebhook(options.url, { secret_token: options.secret });
  options.logger.info({ url: options.url, port: options.port }, 'webhook listening');
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('webhook body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
