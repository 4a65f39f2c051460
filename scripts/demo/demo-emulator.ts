import pg from 'pg';
import {
  type BotApiEmulator,
  createBotApiEmulator,
  type GroupSpec,
  type UserSpec,
} from '../../tools/bot-api-emulator/index.ts';

export const DEFAULT_EMULATOR_PORT = 8081;

/**
 * The emulator for the demo, with Telegram's flood limits on. When the wanted port is taken, any
 * free port does: the bot is told the URL, nobody needs to type it.
 *
 * A new emulator numbers updates from 1, but the bot's inbox remembers every update_id it stored
 * (and drops repeats), so against a database that an earlier demo used, numbering continues after
 * the highest one stored, as Telegram's own numbering would.
 *
 * `knownChats` are the people and groups the bot may write to before they write to it (in Telegram,
 * everyone who has ever pressed START, and every group the bot is in): the seeded villagers, so a
 * cadre's first task notice arrives, and the village group, so the first item's post does.
 */
export async function startDemoEmulator(options: {
  port: number;
  botToken: string;
  databaseUrl: string;
  knownChats?: readonly ({ user: UserSpec } | { group: GroupSpec })[];
}): Promise<{ emulator: BotApiEmulator; portTaken: boolean }> {
  let emulator: BotApiEmulator;
  let portTaken = false;
  try {
    emulator = await createBotApiEmulator({ port: options.port });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw error;
    portTaken = true;
    emulator = await createBotApiEmulator({ port: 0 });
  }
  for (const chat of options.knownChats ?? []) emulator.addChat({ ...chat, bot: options.botToken });
  const lastStored = await highestStoredUpdateId(options.databaseUrl);
  if (lastStored > 0) {
    const bot = emulator.core.botForToken(options.botToken);
    bot.enqueue({ update_id: lastStored }); // moves the counter on...
    bot.updates.length = 0; // ...without delivering anything
  }
  return { emulator, portTaken };
}

async function highestStoredUpdateId(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const result = await client.query<{ max: string | null }>(
      'SELECT MAX("updateId")::text AS max FROM "InboundUpdate"',
    );
    return Number(result.rows[0]?.max ?? 0);
  } catch {
    return 0; // no inbox table yet: nothing to continue from
  } finally {
    await client.end().catch(() => {});
  }
}
