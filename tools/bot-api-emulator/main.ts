/**
 * Runs the Bot API emulator: `tsx tools/bot-api-emulator/main.ts [--port 8081] [--bot-username name] [--no-rate-limits]`.
 * The port also comes from EMULATOR_PORT. Binds 127.0.0.1 only.
 */
import { parseArgs } from 'node:util';
import { createBotApiEmulator } from './index.ts';

const DEFAULT_PORT = 8081;

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'bot-username': { type: 'string' },
    'no-rate-limits': { type: 'boolean', default: false },
  },
});

const port = Number(values.port ?? process.env.EMULATOR_PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`invalid port: ${values.port ?? process.env.EMULATOR_PORT}`);
  process.exit(2);
}

const emulator = await createBotApiEmulator({
  port,
  ...(values['bot-username'] !== undefined && { botUsername: values['bot-username'] }),
  ...(values['no-rate-limits'] && { rateLimits: false as const }),
});
console.log(`Bot API emulator listening on ${emulator.url}`);
console.log(`  apiRoot for grammY: ${emulator.url}`);
console.log(`  control API:        ${emulator.url}/__emulator/ (events: ${emulator.url}/__emulator/events)`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the emulator`);
  await emulator.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
