/**
 * The baseline for `npm run bench`: the least a grammY bot can do for /me, or for a pressed button —
 * built-in long polling, one update at a time, a static reply or answer, no database. Deliberately
 * outside Yingshan's config module: it takes only the emulator's address and a token (and, for the
 * informational row, which HTTP client to use).
 */
import { Bot } from 'grammy';

const PROFILE = ['姓名：测试村民', '村庄：友谊村', '编号：1 号', '户：未登记', '角色：村民'].join('\n');

const token = process.env.BOT_TOKEN;
const apiRoot = process.env.TELEGRAM_API_ROOT;
if (!token || !apiRoot) {
  console.error('BOT_TOKEN and TELEGRAM_API_ROOT are required');
  process.exit(78);
}

// BARE_BOT_CLIENT=undici: over the HTTP client Yingshan uses instead of grammY's default (loaded only
// then, so the default bare bot carries nothing of it).
const client =
  process.env.BARE_BOT_CLIENT === 'undici'
    ? (await import('../bot/api/bot-api-client.ts')).botApiClientOptions({ apiRoot, timeoutSeconds: 30 })
    : { apiRoot };
const bot = new Bot(token, { client });
bot.command('me', (ctx) => ctx.reply(PROFILE));
// The join bench's floor (bench/volunteers/join-latency.ts): a press answered from memory.
bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: '✅ 报名成功' }));
bot.catch((error) => console.error('update failed', error.error));

process.once('SIGTERM', () => {
  bot.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
await bot.start();
