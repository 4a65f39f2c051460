import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { validateShortText } from '../text/validate-text.ts';

/** An appeal's reason, and the secretary's decision's, on one line (the database holds them to it too). */
export const APPEAL_REASON_MAX = 200;

/**
 * The appeal of an award, in two use cases: the member appeals (once, while the award is approved and
 * its window open), the secretary decides. The state machine, award and appeal together:
 *
 *   award APPROVED ──appealAward──▶ APPEALED (+ PointAppeal OPEN)
 *   APPEALED ──decideAppeal, upheld──▶ REJECTED (appeal UPHELD; the decision is the award's reviewNote)
 *   APPEALED ──decideAppeal, rejected──▶ APPROVED with finalAt = the decision's time (appeal REJECTED),
 *                                       applied by a new timer at once (the member had their say)
 *
 * Every step is one conditional update on the status it leaves, so two of anything at once decide once.
 * The award's timer firing while it is APPEALED applies nothing (applyFinalAward skips all but
 * APPROVED), and an award APPLIED can no longer be appealed: an appeal needs APPROVED before finalAt,
 * and the worker applies only once finalAt has passed, so the two conditional updates exclude each
 * other. An upheld appeal therefore never meets an applied award, and needs no reversal entry: a
 * correction of an applied award (LedgerEntry.reversesId) belongs to a later, separate use case.
 */

export interface AppealedAward {
  awardId: number;
  villageId: number;
  memberId: number;
  points: number;
  /** Who decides: the village's active secretaries, the appellant never among them. */
  deciders: number[];
}

/** The member appeals an award made to them, with a reason. */
export async function appealAward(
  db: Db,
  input: { actor: Membership | undefined; awardId: number; reason: string; now?: Date },
): Promise<AppealedAward> {
  const actor = requireAllowed(input.actor, 'points.appeal');
  const reason = validateShortText(input.reason, {
    max: APPEAL_REASON_MAX,
    error: 'appeal-reason-required',
  });
  const award = await db.pointAward.findUnique({
    where: { villageId_id: { villageId: actor.villageId, id: input.awardId } },
    select: { id: true, memberId: true, points: true },
  });
  if (!award) throw new DomainError('award-not-found', { id: input.awardId });
  if (award.memberId !== actor.memberId) throw new DomainError('appeal-not-yours', { id: award.id });
  const now = input.now ?? new Date();
  const appealed = await db.pointAward.updateMany({
    where: { id: award.id, status: 'APPROVED', finalAt: { gt: now } },
    data: { status: 'APPEALED' },
  });
  if (appealed.count === 0) throw await whyNotAppealable(db, award.id, now);
  // The unique award is the real guard against a second appeal: an award sent back to APPROVED by a
  // rejected appeal has a finalAt already past, but a clock behind the decision's must not slip through.
  const created = await db.pointAppeal.createMany({
    data: { villageId: actor.villageId, awardId: award.id, reason },
    skipDuplicates: true,
  });
  if (created.count === 0) throw new DomainError('appeal-already-made', { id: award.id });
  const secretaries = await db.roleGrant.findMany({
    where: { role: 'SECRETARY', member: { villageId: actor.villageId, status: 'ACTIVE' } },
    select: { memberId: true },
    orderBy: { memberId: 'asc' },
  });
  return {
    awardId: award.id,
    villageId: actor.villageId,
    memberId: award.memberId,
    points: award.points,
    deciders: secretaries.map((grant) => grant.memberId).filter((id) => id !== actor.memberId),
  };
}

/** Only to word the refusal: the conditional update has already decided. */
async function whyNotAppealable(db: Db, awardId: number, now: Date): Promise<DomainError> {
  const award = await db.pointAward.findUniqueOrThrow({
    where: { id: awardId },
    select: { status: true, finalAt: true, appeal: { select: { id: true } } },
  });
  if (award.appeal) return new DomainError('appeal-already-made', { id: awardId });
  if (award.status === 'APPLIED' || (award.status === 'APPROVED' && award.finalAt && award.finalAt <= now))
    return new DomainError('appeal-window-closed', { id: awardId });
  return new DomainError('appeal-not-approved', { id: awardId });
}

export interface DecidedAppeal {
  awardId: number;
  villageId: number;
  memberId: number;
  points: number;
  upheld: boolean;
  /** The decision's reason as recorded (trimmed), which the member is shown. */
  reason: string;
  /** Rejected: the award is final from now on; the caller sets its timer (setAwardTimerAfterAppeal). */
  finalAt: Date | null;
}

/**
 * The secretary decides an open appeal, with a reason the member is shown. Upheld, the award is
 * rejected (the decision its review note) and never applied; rejected, the award is approved again
 * and final at once. Never on an appeal against the secretary's own award.
 */
export async function decideAppeal(
  db: Db,
  input: { actor: Membership | undefined; awardId: number; uphold: boolean; reason: string; now?: Date },
): Promise<DecidedAppeal> {
  const actor = requireAllowed(input.actor, 'points.appeal.decide');
  const reason = validateShortText(input.reason, {
    max: APPEAL_REASON_MAX,
    error: 'appeal-decision-reason-required',
  });
  const appeal = await db.pointAppeal.findUnique({
    where: { villageId_awardId: { villageId: actor.villageId, awardId: input.awardId } },
    select: { id: true, award: { select: { id: true, memberId: true, points: true } } },
  });
  if (!appeal) throw new DomainError('appeal-not-found', { id: input.awardId });
  const { award } = appeal;
  if (award.memberId === actor.memberId) throw new DomainError('appeal-own-award', { id: award.id });
  const now = input.now ?? new Date();
  const decided = await db.pointAppeal.updateMany({
    where: { id: appeal.id, status: 'OPEN' },
    data: {
      status: input.uphold ? 'UPHELD' : 'REJECTED',
      decidedById: actor.memberId,
      decisionReason: reason,
      decidedAt: now,
    },
  });
  if (decided.count === 0) throw new DomainError('appeal-already-decided', { id: award.id });
  const finalAt = input.uphold ? null : now;
  const moved = await db.pointAward.updateMany({
    where: { id: award.id, status: 'APPEALED' },
    data: input.uphold
      ? { status: 'REJECTED', reviewNote: reason, finalAt: null }
      : { status: 'APPROVED', finalAt: now },
  });
  // An open appeal's award is APPEALED (both were written together): anything else is a bug.
  if (moved.count === 0) throw new Error(`award ${award.id} under an open appeal was not APPEALED`);
  return {
    awardId: award.id,
    villageId: actor.villageId,
    memberId: award.memberId,
    points: award.points,
    upheld: input.uphold,
    reason,
    finalAt,
  };
}
