import { requireAllowed } from '../../../core/members/membership.ts';
import { adoptSuggestion } from '../../../core/talk/adopt-suggestion.ts';
import { commentOnItem } from '../../../core/talk/comment-on-item.ts';
import { formatDue } from '../../../core/talk/format-due.ts';
import {
  assignItem,
  type CancelledTask,
  declineItem,
  mergeItem,
  replyToItem,
  unassignItem,
} from '../../../core/talk/handle-item.ts';
import { secretariesOf } from '../../../core/talk/item-card.ts';
import { reportComment } from '../../../core/talk/moderate.ts';
import { rateItem } from '../../../core/talk/rate-item.ts';
import { addTaskNote, completeTask, startTask } from '../../../core/talk/task-progress.ts';
import {
  cancelRatingExpiry,
  cancelTaskTimers,
  setRatingExpiry,
  setTaskTimers,
} from '../../../worker/talk-schedule.ts';
import type { Outcome } from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { oweReviewNotices } from '../points-notices.ts';
import { endMyStepAbout, notifyMembers, refreshGroupPost } from './shared.ts';

/**
 * What a talk command, a button and an answered question all end in: one use case, then the
 * notices (after the commit, through the worker) and the timers. Each returns what to tell the actor.
 */

export async function comment(ctx: BotContext, number: number, text: string) {
  const result = await ctx.write(async (tx) => {
    const commented = await commentOnItem(tx, {
      actor: ctx.membership,
      number,
      text,
      sourceUpdateId: ctx.update.update_id,
    });
    await endMyStepAbout(ctx, tx, number);
    return commented;
  });
  if (result.isNew) {
    await notifyMembers(ctx, result.notify, `talk-comment-${result.commentId}`, {
      key: 'talk-notice-comment',
      params: { number },
    });
  }
  return result;
}

/** A report counts once per member; the first one tells the secretaries, who alone can hide it. */
export async function report(ctx: BotContext, commentId: bigint) {
  const result = await ctx.write((tx) => reportComment(tx, { actor: ctx.membership, commentId }));
  if (result.isFirst) {
    const secretaries = await secretariesOf(ctx.db, ctx.membership?.villageId ?? 0);
    await notifyMembers(ctx, secretaries, `talk-report-${commentId}`, {
      key: 'talk-notice-reported',
      params: { id: commentId.toString(), number: result.itemNumber },
    });
  }
  return ctx.t('talk-reported', { id: commentId.toString(), reports: result.reports });
}

export async function reply(ctx: BotContext, number: number, text: string) {
  const result = await ctx.write(async (tx) => {
    const replied = await replyToItem(tx, { actor: ctx.membership, number, text });
    await endMyStepAbout(ctx, tx, number);
    return replied;
  });
  await notifyMembers(ctx, result.notify, `talk-reply-${result.commentId}`, {
    key: 'talk-notice-reply',
    params: { number },
  });
  return ctx.t('talk-replied', { number });
}

/** The task goes to cadre `cadreNumber`, due by `dueAt`; the cadre and the followers are told. */
export async function assign(ctx: BotContext, number: number, cadreNumber: number, dueAt: Date) {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const result = await ctx.write(async (tx) => {
    const assigned = await assignItem(tx, { actor: membership, number, cadreNumber, dueAt });
    await endMyStepAbout(ctx, tx, number);
    // A reassignment: the old timers stop in the same transaction the new ones are set in.
    if (assigned.previous) await cancelTaskTimers(tx, ctx.owed, assigned.previous);
    await setTaskTimers(tx, ctx.owed, {
      taskId: assigned.taskId,
      assignment: assigned.assignment,
      dueAt: assigned.dueAt,
    });
    return assigned;
  });
  const due = formatDue(result.dueAt, membership.timezone);
  const key = `${result.taskId}-a${result.assignment}`;
  if (result.previous && result.previous.assigneeMemberId !== result.assigneeMemberId) {
    await notifyMembers(ctx, [result.previous.assigneeMemberId], `talk-task-off-${key}`, {
      key: 'talk-notice-task-reassigned',
      params: { number },
    });
  }
  await notifyMembers(
    ctx,
    [result.assigneeMemberId],
    result.assignment === 1 ? `talk-task-${result.taskId}` : `talk-task-${key}`,
    {
      key: 'talk-notice-task',
      params: { number, due },
    },
  );
  await notifyMembers(
    ctx,
    result.notify.filter((id) => id !== result.assigneeMemberId),
    result.assignment === 1 ? `talk-assign-${result.taskId}` : `talk-assign-${key}`,
    { key: 'talk-notice-assigned', params: { number, due, cadre: result.assigneeName } },
  );
  return ctx.t(result.previous ? 'talk-reassigned' : 'talk-assigned', {
    number,
    cadre: cadreNumber,
    name: result.assigneeName,
    due,
  });
}

/** A task under way that stops (declined, merged, cancelled back to the inbox): timers off, cadre told. */
async function stopTask(ctx: BotContext, number: number, task: CancelledTask | null) {
  if (!task) return;
  await ctx.write((tx) => cancelTaskTimers(tx, ctx.owed, task));
  await notifyMembers(ctx, [task.assigneeMemberId], `talk-task-off-${task.taskId}-a${task.assignment}`, {
    key: 'talk-notice-task-cancelled',
    params: { number },
  });
}

/** The secretary cancels the task: the item goes back to the inbox. */
export async function unassign(ctx: BotContext, number: number) {
  const result = await ctx.write(async (tx) => {
    const unassigned = await unassignItem(tx, { actor: ctx.membership, number });
    await endMyStepAbout(ctx, tx, number);
    return unassigned;
  });
  await stopTask(ctx, number, result.cancelled);
  return ctx.t('talk-unassigned', { number });
}

export async function decline(ctx: BotContext, number: number, reason: string) {
  const result = await ctx.write(async (tx) => {
    const declined = await declineItem(tx, { actor: ctx.membership, number, reason });
    await endMyStepAbout(ctx, tx, number);
    return declined;
  });
  await stopTask(ctx, number, result.cancelled);
  await notifyMembers(ctx, result.notify, `talk-decline-${result.itemId}`, {
    key: 'talk-notice-declined',
    params: { number },
  });
  return ctx.t('talk-declined', { number });
}

export async function merge(ctx: BotContext, number: number, into: number) {
  const result = await ctx.write(async (tx) => {
    const merged = await mergeItem(tx, { actor: ctx.membership, number, intoNumber: into });
    await endMyStepAbout(ctx, tx, number);
    return merged;
  });
  await stopTask(ctx, number, result.cancelled);
  await notifyMembers(ctx, result.notify, `talk-merge-${result.itemId}`, {
    key: 'talk-notice-merged',
    params: { number, into },
  });
  await refreshGroupPost(ctx, result.intoItemId);
  return ctx.t('talk-merged', { number, into });
}

export async function adopt(ctx: BotContext, number: number) {
  const result = await ctx.write(async (tx) => {
    const adopted = await adoptSuggestion(tx, { actor: ctx.membership, number });
    // The proposed award goes to review as any other (never to the secretary who adopted it).
    if (adopted.proposal) await oweReviewNotices(ctx, tx, adopted.proposal);
    return adopted;
  });
  if (result.proposed) {
    await notifyMembers(ctx, [result.raiserMemberId], `talk-adopt-${result.itemId}`, {
      key: 'talk-notice-adopted',
      params: { number },
    });
  }
  return ctx.t(result.proposed ? 'talk-adopted' : 'talk-adopted-again', { number });
}

export async function start(ctx: BotContext, number: number) {
  const result = await ctx.write((tx) => startTask(tx, { actor: ctx.membership, number }));
  await notifyMembers(ctx, result.notify, `talk-start-${result.taskId}`, {
    key: 'talk-notice-started',
    params: { number },
  });
  return ctx.t('talk-started', { number });
}

export async function progress(ctx: BotContext, number: number, text: string, photoFileId?: string) {
  const result = await ctx.write((tx) =>
    addTaskNote(tx, {
      actor: ctx.membership,
      number,
      text,
      photoFileId: photoFileId ?? null,
    }),
  );
  await notifyMembers(ctx, result.notify, `talk-note-${ctx.updateKey}`, {
    key: 'talk-notice-progress',
    params: { number },
  });
  return ctx.t('talk-progress-saved', { number });
}

/** Done: followers hear it, the raiser is asked to /rate, reminders stop, the 7-day clock starts. */
export async function done(ctx: BotContext, number: number) {
  const doneAt = new Date();
  const result = await ctx.write((tx) => completeTask(tx, { actor: ctx.membership, number, now: doneAt }));
  await notifyMembers(
    ctx,
    [result.raiserMemberId],
    `talk-rate-${result.itemId}-r${result.round}`,
    { key: 'talk-notice-rate', params: { number } },
    { kind: 'rate-stars', number, round: result.round },
  );
  await notifyMembers(
    ctx,
    result.notify.filter((id) => id !== result.raiserMemberId),
    `talk-done-${result.taskId}`,
    { key: 'talk-notice-done', params: { number } },
  );
  await ctx.write(async (tx) => {
    await cancelTaskTimers(tx, ctx.owed, result);
    await setRatingExpiry(tx, ctx.owed, { itemId: result.itemId, round: result.round, doneAt });
  });
  return ctx.t('talk-done', { number });
}

export async function rate(
  ctx: BotContext,
  step: { number: number; round: number; stars: number; outcome: Outcome; comment?: string | null },
) {
  const result = await ctx.write(async (tx) => {
    const rated = await rateItem(tx, { actor: ctx.membership, ...step });
    await endMyStepAbout(ctx, tx, step.number);
    await cancelRatingExpiry(tx, ctx.owed, { itemId: rated.itemId, round: rated.round });
    return rated;
  });
  if (result.reopened) {
    const secretaries = await secretariesOf(ctx.db, ctx.membership?.villageId ?? 0);
    await notifyMembers(ctx, secretaries, `talk-reopen-${result.itemId}-r${result.round}`, {
      key: 'talk-notice-reopened',
      params: { number: step.number, stars: step.stars },
    });
  }
  return ctx.t(result.reopened ? 'talk-rated-reopened' : 'talk-rated-closed', { number: step.number });
}
