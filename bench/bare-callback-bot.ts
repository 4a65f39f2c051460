/**
 * The floor of the join bench (`npm run bench -- --only=volunteers`): the least a grammY bot can do for
 * a pressed button — built-in long polling, one update at a time, a static answerCallbackQuery, no
 * database. What 1,000 presses at once cost this machine before any join is recorded.
 */
import { Bot } from 'grammy';

const token = process.env.BOT_TOKEN;
const apiRoot = process.env.TELEGRAM_API_ROOT;
if (!token || !apiRoot) {
  console.error('BOT_TOKEN and TELEGRAM_API_ROOT are required');
  process.exit(78);
}

const bot = new Bot(token, { client: { apiRoot } });
bot.on('callback_query:data', (ctx) => ctx.answerCallbackQuery({ text: '✅ 报名成功' }));
bot.catch((error) => console.error('update failed', error.error));

process.once('SIGTERM', () => {
  bot.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
await bot.start();
