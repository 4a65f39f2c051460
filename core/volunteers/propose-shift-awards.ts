import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { findReviewers } from '../points/find-reviewers.ts';
import { DB_NOW, findShift, requireShiftSupervisor, shiftSummary } from './shift-access.ts';
import { computeShiftAwards } from './shift-awards.ts';
import type { ShiftSummary } from './volunteer-types.ts';

export interface ShiftAwardsProposal {
  /** The id of the first award: the proposal's number, as reviewers see it. */
  batchId: number;
  villageId: number;
  /** The members awarded (or docked), by global member id. */
  memberIds: number[];
  /** The shift's supervisor, or the call's creator when it has none. */
  proposedById: number;
  /** Whom to ask for the review (never the proposer): the worker owes them a notice. */
  reviewerIds: number[];
}

/** What a shift's awards are recorded as having earned them: one award per source and member. */
export const shiftAwardSource = (shiftId: number) => `shift:${shiftId}`;

/**
 * The worker's timer proposes a shift's awards, once, after it ended: one PROPOSED award per
 * volunteer who earned or lost points (computeShiftAwards), sharing a batch (the first award's id),
 * proposed in the name of the shift's supervisor (or the call's creator) and reviewed like any
 * proposal (core/points/awards.ts). Run in the timer's transaction, with no actor.
 *
 * Once: a conditional update sets `awardsProposedAt` (null when it was already set, or the shift has
 * not ended by the database's clock); and the awards are unique per source and member, so even a
 * second batch could not double them. Scores and report decisions hold the shift's row `FOR SHARE`,
 * so this waits for one in flight and counts it; after this, they are refused.
 * Null too when nobody earned anything (nothing to review).
 *
 * The reason is stored, as `/award`'s rule descriptions are, in the village's words and shown as
 * written wherever the award or its ledger entry appears: the call's title and the shift's position.
 */
export async function proposeShiftAwards(
  db: Db,
  input: { shiftId: number },
): Promise<ShiftAwardsProposal | null> {
  const [shift] = await db.$queryRaw<
    Array<{
      villageId: number;
      callId: number;
      position: number;
      startsAt: Date;
      endsAt: Date;
      supervisorId: number | null;
    }>
  >`
    UPDATE "VolunteerShift" SET "awardsProposedAt" = ${DB_NOW}
    WHERE id = ${input.shiftId} AND "awardsProposedAt" IS NULL AND ${DB_NOW} >= "endsAt"
    RETURNING "villageId", "callId", position, "startsAt", "endsAt", "supervisorId"`;
  if (!shift) return null;

  const call = await db.volunteerCall.findUniqueOrThrow({
    where: { villageId_id: { villageId: shift.villageId, id: shift.callId } },
    select: {
      title: true,
      pointsPerHour: true,
      createdById: true,
      village: { select: { noShowPoints: true } },
    },
  });
  const signUps = await db.signUp.findMany({
    where: { shiftId: input.shiftId, status: 'CONFIRMED' },
    select: { memberId: true, checkInAt: true, checkOutAt: true, score: true, noShow: true },
    orderBy: { memberId: 'asc' },
  });
  const upheld = await db.shiftReport.findMany({
    where: { shiftId: input.shiftId, status: 'UPHELD' },
    select: { memberId: true, deduction: true },
  });
  const awards = computeShiftAwards({
    shift,
    pointsPerHour: call.pointsPerHour,
    noShowPoints: call.village.noShowPoints,
    volunteers: signUps.map((signUp) => ({
      ...signUp,
      deductions: upheld
        .filter((report) => report.memberId === signUp.memberId && report.deduction !== null)
        .map((report) => report.deduction as number),
    })),
  });
  if (awards.length === 0) return null;

  const proposedById = shift.supervisorId ?? call.createdById;
  const created = await db.pointAward.createManyAndReturn({
    data: awards.map((award) => ({
      villageId: shift.villageId,
      memberId: award.memberId,
      points: award.points,
      reason: `志愿 ${call.title} #${shift.position}`,
      source: shiftAwardSource(input.shiftId),
      proposedById,
    })),
    skipDuplicates: true,
    select: { id: true, memberId: true },
  });
  const ids = created.map((award) => award.id).sort((a, b) => a - b);
  const batchId = ids[0];
  if (batchId === undefined) return null;
  await db.pointAward.updateMany({ where: { id: { in: ids } }, data: { batchId } });
  return {
    batchId,
    villageId: shift.villageId,
    memberIds: created.map((award) => award.memberId).sort((a, b) => a - b),
    proposedById,
    reviewerIds: await findReviewers(db, shift.villageId, proposedById),
  };
}

/**
 * The supervisor (or the call's creator, or a secretary) says scoring is done once the shift has
 * ended: its awards are proposed now instead of at the end of the scoring window. The same use case
 * as the timer's, so whichever comes first proposes and the other finds it done ('shift-not-ended'
 * before the end; null when already proposed or nothing was earned).
 */
export async function finishShiftScoring(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number },
): Promise<{ shift: ShiftSummary; proposal: ShiftAwardsProposal | null; alreadyProposed: boolean }> {
  const actor = requireAllowed(input.actor, 'volunteer.supervise');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  requireShiftSupervisor(actor, shift);
  if (shift.now < shift.endsAt)
    throw new DomainError('shift-not-ended', { callNumber: shift.callNumber, position: shift.position });
  if (shift.awardsProposedAt) return { shift: shiftSummary(shift), proposal: null, alreadyProposed: true };
  const proposal = await proposeShiftAwards(db, { shiftId: shift.shiftId });
  return { shift: shiftSummary(shift), proposal, alreadyProposed: false };
}
