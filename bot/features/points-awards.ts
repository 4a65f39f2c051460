import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { reviewProposal } from '../../core/points/awards.ts';
import { listOpenProposals } from '../../core/points/list-open-proposals.ts';
import { requireReviewer } from '../../core/points/may-review.ts';
import { parseAwardCommand } from '../../core/points/parse-award-command.ts';
import { proposeAwards } from '../../core/points/propose-awards.ts';
import { setAwardFinalTimer } from '../../worker/points-schedule.ts';
import { awardReviewCallback } from '../callback-data/points.ts';
import type { BotContext } from '../context.ts';
import { awardReviewKeyboard } from '../keyboards/points.ts';
import { oweReviewNotices, signedPoints } from './points-notices.ts';
import { readerTranslate } from './talk/shared.ts';

/**
 * Points awards, proposed and reviewed: a cadre's `/award`, the reviewers' notice with its buttons,
 * `/awards` (what waits for review), `/award_ok` and `/award_no` (a rejection needs a reason, which
 * the member is shown). An approval sets each award's timer: the worker applies it when the
 * village's appeal window has passed. Private chats only.
 */
export const pointsAwardsFeature = new Composer<BotContext>();
const feature = pointsAwardsFeature.chatType('private');

feature.command('award', (ctx) => propose(ctx, ctx.match));

/** `/award …` as a photo's caption (grammY matches commands in text only): the photo is the evidence. */
const AWARD_CAPTION = /^\/award(?:@\w+)?(?:\s+([\s\S]*))?$/;
feature.on('message:photo').filter(
  (ctx) => AWARD_CAPTION.test(ctx.message.caption ?? ''),
  (ctx) =>
    propose(ctx, AWARD_CAPTION.exec(ctx.message.caption ?? '')?.[1] ?? '', ctx.message.photo.at(-1)?.file_id),
);

async function propose(ctx: BotContext, text: string, evidenceFileId?: string) {
  const parsed = parseAwardCommand(text);
  if (!parsed) {
    requireAllowed(ctx.membership, 'points.propose');
    return ctx.reply(ctx.t('points-award-usage'));
  }
  const { made, reviewers } = await ctx.write(async (tx) => {
    const proposal = await proposeAwards(tx, {
      actor: ctx.membership,
      ...parsed,
      ...(evidenceFileId && { evidenceFileId }),
    });
    const memberNumbers = proposal.members.map((member) => member.number);
    return { made: proposal, reviewers: await oweReviewNotices(ctx, tx, { ...proposal, memberNumbers }) };
  });
  return ctx.reply(
    ctx.t(reviewers > 0 ? 'points-proposed' : 'points-proposed-no-reviewer', {
      batch: made.batchId,
      count: made.members.length,
      code: made.ruleCode,
      points: signedPoints(made.points),
    }),
  );
}

feature.command('awards', async (ctx) => {
  const proposals = await listOpenProposals(ctx.db, { actor: ctx.membership });
  if (proposals.length === 0) return ctx.reply(ctx.t('points-awards-empty'));
  const villageId = ctx.membership?.villageId ?? 0; // listOpenProposals refuses anyone without one
  const t = readerTranslate(ctx);
  await ctx.reply(ctx.t('points-awards-title', { count: proposals.length }));
  for (const proposal of proposals) {
    const line = ctx.t('points-awards-line', {
      batch: proposal.batchId,
      numbers: proposal.memberNumbers.join(', '),
      code: proposal.ruleCode ?? '-',
      points: signedPoints(proposal.points),
      reason: proposal.reason,
      proposer: proposal.proposerNumber ?? '-',
    });
    const reply_markup = awardReviewKeyboard(t, proposal.batchId, villageId);
    // With its evidence, when the proposer sent a photo.
    if (proposal.evidenceFileId)
      await ctx.replyWithPhoto(proposal.evidenceFileId, { caption: line, reply_markup });
    else await ctx.reply(line, { reply_markup });
  }
  return undefined;
});

feature.callbackQuery(awardReviewCallback.filter, async (ctx) => {
  const { batchId, approve } = awardReviewCallback.unpack(ctx.callbackQuery.data);
  if (approve) return review(ctx, batchId, true);
  // A rejection is explained to the member: the reason is typed, with the command.
  await requireReviewer(ctx.db, ctx.membership);
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t('points-reject-how', { batch: batchId }));
});

feature.command('award_ok', async (ctx) => {
  const batchId = readBatch(ctx.match);
  if (!batchId) return ctx.reply(ctx.t('points-review-usage'));
  return review(ctx, batchId, true);
});

feature.command('award_no', async (ctx) => {
  const match = /^#?(\d{1,9})\s+([\s\S]+)$/.exec(ctx.match.trim());
  if (!match) return ctx.reply(ctx.t('points-review-usage'));
  return review(ctx, Number(match[1]), false, match[2]);
});

function readBatch(text: string): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(text.trim());
  return match ? Number(match[1]) : undefined;
}

async function review(ctx: BotContext, batchId: number, approve: boolean, note?: string) {
  const reviewed = await ctx.write(async (tx) => {
    const decided = await reviewProposal(tx, {
      actor: ctx.membership,
      batchId,
      approve,
      ...(note !== undefined && { note }),
    });
    const village = await tx.village.findUniqueOrThrow({
      where: { id: ctx.membership?.villageId ?? 0 },
      select: { appealWindowHours: true },
    });
    for (const award of decided) {
      if (award.finalAt)
        await setAwardFinalTimer(tx, ctx.owed, { awardId: award.awardId, finalAt: award.finalAt });
      const hours = village.appealWindowHours;
      await ctx.owed.job(tx, 'notify', {
        dedupeKey: `award-reviewed-${award.awardId}`,
        memberId: award.memberId,
        message: approve
          ? {
              key: hours > 0 ? 'points-notice-approved' : 'points-notice-approved-now',
              params: { id: award.awardId, points: signedPoints(award.points), hours },
            }
          : {
              key: 'points-notice-rejected',
              params: { id: award.awardId, points: signedPoints(award.points), reason: note ?? '' },
            },
      });
    }
    // Approved points are public: the village group is told who and why (names rendered by the worker).
    if (approve && decided.length > 0)
      await ctx.owed.job(tx, 'points-award-announce', {
        dedupeKey: `award-announce-${batchId}`,
        villageId: ctx.membership?.villageId ?? 0,
        batchId,
      });
    return decided;
  });
  const reply = ctx.t(approve ? 'points-reviewed-approved' : 'points-reviewed-rejected', {
    batch: batchId,
    count: reviewed.length,
  });
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: reply });
  return ctx.reply(reply);
}
