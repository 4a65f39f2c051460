import { Composer } from 'grammy';
import { formatDue } from '../../../core/talk/format-due.ts';
import { listMyTasks } from '../../../core/talk/task-progress.ts';
import { talkTaskCallback } from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { taskKeyboard } from '../../keyboards/talk.ts';
import { shorten } from '../../render/talk-item.ts';
import { done, progress, start } from './actions.ts';
import { parseItemNumber, readerTranslate, splitNumberAndText } from './shared.ts';

/** The cadre's side: /tasks, start, progress notes (text or a photo captioned /progress n …), done. */
export const talkTasksFeature = new Composer<BotContext>();
const feature = talkTasksFeature.chatType('private');

feature.command('tasks', async (ctx) => {
  const tasks = await listMyTasks(ctx.db, { actor: ctx.membership });
  if (tasks.length === 0) return ctx.reply(ctx.t('talk-tasks-empty'));
  const t = readerTranslate(ctx);
  const timezone = ctx.membership?.timezone ?? 'Asia/Shanghai';
  const villageId = ctx.membership?.villageId ?? 0; // listMyTasks refuses anyone without one
  await ctx.reply(ctx.t('talk-tasks-title', { count: tasks.length }));
  for (const task of tasks) {
    const words = [task.item.title, task.item.text].filter(Boolean).join(' ');
    await ctx.reply(
      ctx.t('talk-task-line', {
        number: task.item.number,
        text: shorten(words || ctx.t('talk-card-media'), 40),
        due: formatDue(task.dueAt, timezone),
        status: ctx.t(`talk-task-status-${task.status}`),
      }),
      { reply_markup: taskKeyboard(t, task.item.number, task.status, villageId) },
    );
  }
  return undefined;
});

feature.callbackQuery(talkTaskCallback.filter, async (ctx) => {
  const { action, number } = talkTaskCallback.unpack(ctx.callbackQuery.data);
  const text = action === 'start' ? await start(ctx, number) : await done(ctx, number);
  await ctx.answerCallbackQuery();
  return ctx.reply(text);
});

feature.command('progress', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args) return ctx.reply(ctx.t('talk-progress-usage'));
  return ctx.reply(await progress(ctx, args.number, args.text));
});

/** A photo captioned "/progress 12 the pipe is in" is a progress note with a photo. */
feature.on('message:photo').filter(
  (ctx) => /^\/progress(@\w+)?(\s|$)/.test(ctx.message.caption ?? ''),
  async (ctx) => {
    const rest = (ctx.message.caption ?? '').replace(/^\/progress(@\w+)?/, '');
    const args = splitNumberAndText(rest);
    if (!args) return ctx.reply(ctx.t('talk-progress-usage'));
    const photo = ctx.message.photo.at(-1);
    return ctx.reply(await progress(ctx, args.number, args.text, photo?.file_id));
  },
);

feature.command('done', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-done-usage'));
  return ctx.reply(await done(ctx, number));
});
