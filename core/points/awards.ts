import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import type { Membership } from '../members/membership.ts';
import { type AppendedEntry, appendLedgerEntries } from './ledger.ts';
import { requireReviewer } from './may-review.ts';

/** How long an approved award waits for an appeal before it is applied, unless the village says otherwise. */
export const DEFAULT_APPEAL_WINDOW_MS = 3 * 24 * 60 * 60 * 1000;

export interface ReviewedAward {
  awardId: number;
  villageId: number;
  memberId: number;
  points: number;
  approved: boolean;
  /** Approved: when the worker applies it (a timer is set for then). */
  finalAt: Date | null;
}

/**
 * A reviewer approves or rejects a proposed award. Never the one who proposed it (the database says
 * so too). One conditional update: two reviewers at once, or a double tap, decide once; the later
 * one is told it was decided. A rejection needs a reason, which the member is shown.
 */
export async function reviewAward(
  db: Db,
  input: {
    actor: Membership | undefined;
    awardId: number;
    approve: boolean;
    note?: string;
    now?: Date;
    appealWindowMs?: number;
  },
): Promise<ReviewedAward> {
  const actor = await requireReviewer(db, input.actor);
  const award = await db.pointAward.findUnique({
    where: { villageId_id: { villageId: actor.villageId, id: input.awardId } },
    select: { id: true, memberId: true, points: true, proposedById: true },
  });
  if (!award) throw new DomainError('award-not-found', { id: input.awardId });
  if (award.proposedById === actor.memberId) throw new DomainError('award-self-review', { id: award.id });
  const note = input.note?.trim() || null;
  if (!input.approve && !note) throw new DomainError('award-reason-required', { id: award.id });
  const now = input.now ?? new Date();
  const finalAt = input.approve
    ? new Date(now.getTime() + (input.appealWindowMs ?? DEFAULT_APPEAL_WINDOW_MS))
    : null;
  const decided = await db.pointAward.updateMany({
    where: { id: award.id, status: 'PROPOSED' },
    data: {
      status: input.approve ? 'APPROVED' : 'REJECTED',
      reviewedById: actor.memberId,
      reviewedAt: now,
      reviewNote: note,
      finalAt,
    },
  });
  if (decided.count === 0) throw new DomainError('award-already-reviewed', { id: award.id });
  return {
    awardId: award.id,
    villageId: actor.villageId,
    memberId: award.memberId,
    points: award.points,
    approved: input.approve,
    finalAt,
  };
}

export type ApplyOutcome =
  | { outcome: 'applied'; entry: AppendedEntry; memberId: number; points: number; reason: string }
  | { outcome: 'wait'; until: Date }
  | { outcome: 'skip'; reason: 'not-found' | 'not-approved' };

/**
 * The worker applies an approved award whose appeal window has passed: the award turns APPLIED and
 * its ledger entry is appended in the same transaction (the caller's). The conditional update makes
 * a second run find nothing to do, and the ledger's unique award makes a double impossible anyway.
 */
export async function applyFinalAward(db: Db, input: { awardId: number; now: Date }): Promise<ApplyOutcome> {
  const award = await db.pointAward.findUnique({
    where: { id: input.awardId },
    select: {
      id: true,
      villageId: true,
      memberId: true,
      points: true,
      reason: true,
      status: true,
      finalAt: true,
      rule: { select: { code: true } },
      member: { select: { householdId: true } },
    },
  });
  if (!award) return { outcome: 'skip', reason: 'not-found' };
  if (award.status !== 'APPROVED' || !award.finalAt) return { outcome: 'skip', reason: 'not-approved' };
  if (award.finalAt > input.now) return { outcome: 'wait', until: award.finalAt };
  const applied = await db.pointAward.updateMany({
    where: { id: award.id, status: 'APPROVED', finalAt: { lte: input.now } },
    data: { status: 'APPLIED', appliedAt: input.now },
  });
  if (applied.count === 0) return { outcome: 'skip', reason: 'not-approved' };
  const [entry] = await appendLedgerEntries(
    db,
    award.villageId,
    [
      {
        memberId: award.memberId,
        householdId: award.member.householdId,
        amount: award.points,
        reason: award.reason,
        ruleCode: award.rule?.code ?? null,
        awardId: award.id,
      },
    ],
    input.now,
  );
  if (!entry) throw new Error(`award ${award.id} was not appended`);
  return { outcome: 'applied', entry, memberId: award.memberId, points: award.points, reason: award.reason };
}

/**
 * A reviewer decides a whole proposal (every award of its batch still PROPOSED) at once, each award
 * with the same conditional update as `reviewAward`. The appeal window is the village's. Refused
 * when the batch does not exist in the reviewer's village, or when nothing in it is left to decide.
 */
export async function reviewProposal(
  db: Db,
  input: { actor: Membership | undefined; batchId: number; approve: boolean; note?: string; now?: Date },
): Promise<ReviewedAward[]> {
  const actor = await requireReviewer(db, input.actor);
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: { appealWindowHours: true },
  });
  const awards = await db.pointAward.findMany({
    where: { villageId: actor.villageId, batchId: input.batchId },
    select: { id: true, status: true },
    orderBy: { id: 'asc' },
  });
  if (awards.length === 0) throw new DomainError('award-not-found', { id: input.batchId });
  const open = awards.filter((award) => award.status === 'PROPOSED');
  if (open.length === 0) throw new DomainError('award-already-reviewed', { id: input.batchId });
  const reviewed: ReviewedAward[] = [];
  for (const award of open) {
    reviewed.push(
      await reviewAward(db, {
        actor,
        awardId: award.id,
        approve: input.approve,
        ...(input.note !== undefined && { note: input.note }),
        ...(input.now && { now: input.now }),
        appealWindowMs: village.appealWindowHours * 60 * 60 * 1000,
      }),
    );
  }
  return reviewed;
}
