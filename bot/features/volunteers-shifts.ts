import { Composer } from 'grammy';
import { checkIn, checkOut } from '../../core/volunteers/attendance.ts';
import { formatCallTime, formatShiftTime } from '../../core/volunteers/call-card.ts';
import { listMyShifts, listShiftVolunteers } from '../../core/volunteers/my-shifts.ts';
import { finishShiftScoring } from '../../core/volunteers/propose-shift-awards.ts';
import {
  decideReport,
  markNoShow,
  rateShift,
  reportViolation,
  scoreVolunteer,
} from '../../core/volunteers/supervise.ts';
import type { ShiftSummary } from '../../core/volunteers/volunteer-types.ts';
import { oweShiftAwardsReview } from '../../worker/volunteers-schedule.ts';
import {
  shiftCheckInCallback,
  shiftCheckOutCallback,
  shiftScoreCallback,
} from '../callback-data/volunteers.ts';
import type { BotContext } from '../context.ts';
import { myShiftsKeyboard, scoreKeyboard } from '../keyboards/shifts.ts';
import { isActive, notifyMembers, readerTranslate } from './talk/shared.ts';

/**
 * A volunteer's shifts after joining: /myshifts (cancel, check in, check out), the supervisor's
 * /shift list with score buttons and /score for the same in words, a villager's /rateshift, a real-name
 * /reportshift and the secretary's /report_ok and /report_no. The rules (windows, who may) are core's.
 */
export const volunteersShiftsFeature = new Composer<BotContext>();
const feature = volunteersShiftsFeature.chatType('private').filter(isActive);

const zone = (ctx: BotContext) => ctx.membership?.timezone ?? 'Asia/Shanghai';
const when = (ctx: BotContext, shift: ShiftSummary) =>
  formatShiftTime(shift.startsAt, shift.endsAt, zone(ctx));
const shiftParams = (ctx: BotContext, shift: ShiftSummary) => ({
  call: shift.callNumber,
  shift: shift.position,
  title: shift.title,
  place: shift.place,
  time: when(ctx, shift),
});

/** "3.2 …": call 3, shift 2, then the rest of the words. */
function readRef(text: string): { call: number; shift: number; rest: string } | undefined {
  const match = /^#?(\d{1,6})[.\-/](\d{1,2})(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match
    ? { call: Number(match[1]), shift: Number(match[2]), rest: (match[3] ?? '').trim() }
    : undefined;
}

feature.command('myshifts', async (ctx) => {
  // One raw statement, which the read-only ctx.db refuses: read in a transaction of its own.
  const shifts = await ctx.write((tx) => listMyShifts(tx, { actor: ctx.membership }));
  if (shifts.length === 0) return ctx.reply(ctx.t('myshifts-none'));
  const lines = shifts.map(({ shift, status, waitingPlace, checkInAt, checkOutAt }) =>
    ctx.t('myshifts-line', {
      ...shiftParams(ctx, shift),
      status: status === 'WAITLISTED' ? 'waiting' : checkOutAt ? 'out' : checkInAt ? 'in' : 'seat',
      place_in_line: waitingPlace ?? 0,
    }),
  );
  const keyboard = myShiftsKeyboard(readerTranslate(ctx), shifts);
  return ctx.reply(
    [ctx.t('myshifts-title'), ...lines].join('\n'),
    keyboard ? { reply_markup: keyboard } : {},
  );
});

async function attend(
  ctx: BotContext,
  kind: 'in' | 'out',
  ref: { call: number; shift: number },
  forMemberNumber?: number,
): Promise<string> {
  const input = { actor: ctx.membership, callNumber: ref.call, position: ref.shift, forMemberNumber };
  const outcome = await ctx.write(async (tx) => {
    const done = kind === 'in' ? await checkIn(tx, input) : await checkOut(tx, input);
    // Recorded for someone else: they are told, if they have Telegram at all.
    if (done.byMemberId !== null && !done.already)
      await ctx.owed.job(tx, 'notify', {
        dedupeKey: `shift-${done.shift.shiftId}-check-${kind}-by-${done.memberId}`,
        memberId: done.memberId,
        message: { key: `shift-checked-${kind}-by-supervisor`, params: shiftParams(ctx, done.shift) },
      });
    return done;
  });
  // The time of day only: the shift's day is in the message already.
  const at = formatCallTime(outcome.at, zone(ctx)).slice(6);
  return ctx.t(`shift-checked-${kind}${outcome.already ? '-already' : ''}`, {
    ...shiftParams(ctx, outcome.shift),
    at,
    name: outcome.name,
    number: outcome.number,
    others: outcome.byMemberId !== null ? 'yes' : 'no',
  });
}

for (const [codec, kind] of [
  [shiftCheckInCallback, 'in'],
  [shiftCheckOutCallback, 'out'],
] as const) {
  volunteersShiftsFeature.callbackQuery(codec.filter, async (ctx) => {
    const ref = codec.unpack(ctx.callbackQuery.data);
    const text = await attend(ctx, kind, ref);
    await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
    return ctx.reply(text);
  });
}

for (const [command, kind] of [
  ['checkin', 'in'],
  ['checkout', 'out'],
] as const) {
  feature.command(command, async (ctx) => {
    const ref = readRef(ctx.match);
    const member = ref?.rest ? /^#?(\d{1,6})$/.exec(ref.rest) : null;
    if (!ref || (ref.rest && !member)) return ctx.reply(ctx.t('shift-check-usage', { command }));
    return ctx.reply(await attend(ctx, kind, ref, member ? Number(member[1]) : undefined));
  });
}

async function showVolunteers(ctx: BotContext, ref: { call: number; shift: number }) {
  // Its lookup is raw SQL, which the read-only ctx.db refuses: read in a transaction of its own.
  const { shift, volunteers } = await ctx.write((tx) =>
    listShiftVolunteers(tx, { actor: ctx.membership, callNumber: ref.call, position: ref.shift }),
  );
  const lines = volunteers.map((volunteer) =>
    ctx.t('shift-volunteer-line', {
      number: volunteer.number,
      name: volunteer.name,
      state: volunteer.noShow ? 'absent' : volunteer.checkOutAt ? 'out' : volunteer.checkInAt ? 'in' : 'none',
      score: volunteer.score ?? 0,
    }),
  );
  const text = [
    ctx.t('shift-volunteers-title', {
      ...shiftParams(ctx, shift),
      taken: shift.taken,
      capacity: shift.capacity,
    }),
    ...(lines.length > 0 ? lines : [ctx.t('shift-volunteers-none')]),
    ctx.t('shift-volunteers-hint', { ref: `${shift.callNumber}.${shift.position}` }),
  ].join('\n');
  const keyboard = scoreKeyboard(readerTranslate(ctx), shift, volunteers);
  return ctx.reply(text, keyboard ? { reply_markup: keyboard } : {});
}

feature.command('shift', async (ctx) => {
  const ref = readRef(ctx.match);
  if (!ref) return ctx.reply(ctx.t('shift-usage'));
  return showVolunteers(ctx, ref);
});

async function score(
  ctx: BotContext,
  ref: { call: number; shift: number },
  memberNumber: number,
  value: number,
) {
  const input = { actor: ctx.membership, callNumber: ref.call, position: ref.shift, memberNumber };
  const scored = await ctx.write((tx) =>
    value === 0 ? markNoShow(tx, input) : scoreVolunteer(tx, { ...input, score: value }),
  );
  return ctx.t(scored.noShow ? 'shift-marked-absent' : 'shift-scored', {
    number: scored.number,
    name: scored.name,
    score: scored.score ?? 0,
    ref: `${scored.shift.callNumber}.${scored.shift.position}`,
  });
}

volunteersShiftsFeature.callbackQuery(shiftScoreCallback.filter, async (ctx) => {
  const { call, shift, member, score: value } = shiftScoreCallback.unpack(ctx.callbackQuery.data);
  const text = await score(ctx, { call, shift }, member, value);
  return ctx.answerCallbackQuery({ text });
});

feature.command('score', async (ctx) => {
  const ref = readRef(ctx.match);
  const words = /^#?(\d{1,6})\s+([1-5]|absent|缺席|0)$/i.exec(ref?.rest ?? '');
  if (!ref || !words) return ctx.reply(ctx.t('shift-score-usage'));
  const value = /^[1-5]$/.test(words[2] ?? '') ? Number(words[2]) : 0;
  return ctx.reply(await score(ctx, ref, Number(words[1]), value));
});

/** The supervisor's scoring is done after the shift: its awards go to review now, not at the window's end. */
feature.command('shiftdone', async (ctx) => {
  const ref = readRef(ctx.match);
  if (!ref) return ctx.reply(ctx.t('shift-usage'));
  const done = await ctx.write(async (tx) => {
    const finished = await finishShiftScoring(tx, {
      actor: ctx.membership,
      callNumber: ref.call,
      position: ref.shift,
    });
    if (finished.proposal)
      await oweShiftAwardsReview(tx, ctx.owed, finished.shift.shiftId, finished.proposal);
    return finished;
  });
  const ref2 = `${done.shift.callNumber}.${done.shift.position}`;
  if (done.alreadyProposed) return ctx.reply(ctx.t('shift-done-already', { ref: ref2 }));
  return ctx.reply(
    done.proposal
      ? ctx.t('shift-done', {
          ref: ref2,
          batch: done.proposal.batchId,
          count: done.proposal.memberIds.length,
        })
      : ctx.t('shift-done-nothing', { ref: ref2 }),
  );
});

feature.command('rateshift', async (ctx) => {
  const ref = readRef(ctx.match);
  if (!ref || !/^[1-5]$/.test(ref.rest)) return ctx.reply(ctx.t('shift-rate-usage'));
  const rated = await ctx.write((tx) =>
    rateShift(tx, {
      actor: ctx.membership,
      callNumber: ref.call,
      position: ref.shift,
      stars: Number(ref.rest),
    }),
  );
  return ctx.reply(ctx.t('shift-rated', { ...shiftParams(ctx, rated.shift), stars: rated.stars }));
});

feature.command('reportshift', async (ctx) => {
  const ref = readRef(ctx.match);
  const words = /^#?(\d{1,6})\s+([\s\S]+)$/.exec(ref?.rest ?? '');
  if (!ref || !words) return ctx.reply(ctx.t('shift-report-usage'));
  const report = await ctx.write((tx) =>
    reportViolation(tx, {
      actor: ctx.membership,
      callNumber: ref.call,
      position: ref.shift,
      memberNumber: Number(words[1]),
      reason: words[2] ?? '',
    }),
  );
  await notifyMembers(ctx, report.secretaryMemberIds, `shift-report-${report.reportId}`, {
    key: 'shift-report-notice',
    params: { ...shiftParams(ctx, report.shift), id: report.reportId, reason: words[2]?.trim() ?? '' },
  });
  return ctx.reply(ctx.t('shift-reported', { id: report.reportId, ...shiftParams(ctx, report.shift) }));
});

for (const [command, uphold] of [
  ['report_ok', true],
  ['report_no', false],
] as const) {
  feature.command(command, async (ctx) => {
    const words = /^#?(\d{1,9})(?:\s+(\d{1,3}))?$/.exec(ctx.match.trim());
    if (!words) return ctx.reply(ctx.t('shift-report-decide-usage'));
    const decided = await ctx.write(async (tx) => {
      const done = await decideReport(tx, {
        actor: ctx.membership,
        reportId: Number(words[1]),
        uphold,
        deduction: words[2] ? Number(words[2]) : undefined,
      });
      // Too late for the shift's batch: its own proposal goes to the reviewers like any other.
      const late = done.lateDeduction;
      if (late)
        await ctx.owed.jobs(
          tx,
          'notify',
          late.reviewerIds.map((memberId) => ({
            dedupeKey: `award-proposed-${late.awardId}-${memberId}`,
            memberId,
            message: {
              key: 'shift-report-deduction-proposed',
              params: {
                batch: late.awardId,
                number: late.memberNumber,
                points: done.deduction ?? 0,
                id: done.reportId,
              },
            },
            buttons: { kind: 'award-review' as const, batchId: late.awardId },
          })),
        );
      return done;
    });
    const params = {
      id: decided.reportId,
      call: decided.shift.callNumber,
      shift: decided.shift.position,
      title: decided.shift.title,
      upheld: decided.upheld ? 'yes' : 'no',
      points: Math.abs(decided.deduction ?? 0),
      late: decided.lateDeduction ? 'yes' : 'no',
    };
    await notifyMembers(
      ctx,
      [decided.reporterId, decided.memberId],
      `shift-report-${decided.reportId}-decided`,
      {
        key: 'shift-report-decided-notice',
        params,
      },
    );
    return ctx.reply(ctx.t('shift-report-decided', params));
  });
}
