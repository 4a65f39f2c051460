import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { findReviewers } from '../points/find-reviewers.ts';
import { validateShortText } from '../text/validate-text.ts';
import {
  DB_NOW,
  findActiveMember,
  findShift,
  findSignUp,
  minutesAfter,
  requireShiftSupervisor,
  type ShiftRow,
  shiftSummary,
} from './shift-access.ts';
import { SCORING_WINDOW_MINUTES, type ShiftSummary } from './volunteer-types.ts';

/** A report's reason is one line, as long as the database allows. */
export const REPORT_REASON_MAX = 200;
/** What an upheld report costs when the secretary names no other amount (points, deducted). */
export const REPORT_DEDUCTION_DEFAULT = 5;
export const REPORT_DEDUCTION_MAX = 100;

export interface ScoredVolunteer {
  shift: ShiftSummary;
  memberId: number;
  number: number;
  name: string;
  score: number | null;
  noShow: boolean;
  /** Marked absent again: nothing changed. */
  already: boolean;
}

interface SupervisorInput {
  actor: Membership | undefined;
  callNumber: number;
  position: number;
  memberNumber: number;
}

/**
 * The shift's supervisor (the call's creator when it has none, or a secretary) scores a volunteer
 * 1–5, from the start until SCORING_WINDOW_MINUTES after the end and before the awards are proposed.
 * The score adjusts the volunteer's points for the shift; a later score replaces it, and takes back
 * a no-show mark (they came after all).
 */
export async function scoreVolunteer(
  db: Db,
  input: SupervisorInput & { score: number },
): Promise<ScoredVolunteer> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
    throw new DomainError('shift-score-invalid', { min: 1, max: 5 });
  const { actor, shift, volunteer } = await openScoring(db, input);
  const [scored] = await db.$queryRaw<Array<{ score: number | null; noShow: boolean }>>`
    UPDATE "SignUp" SET score = ${input.score}, "noShow" = false, "scoredById" = ${actor.memberId}
    WHERE "shiftId" = ${shift.shiftId} AND "memberId" = ${volunteer.memberId} AND status = 'CONFIRMED'
    RETURNING score, "noShow"`;
  if (!scored)
    throw new DomainError('shift-not-signed-up', {
      callNumber: shift.callNumber,
      position: shift.position,
      number: volunteer.number,
    });
  return { shift: shiftSummary(shift), ...volunteer, ...scored, already: false };
}

/**
 * The supervisor marks a volunteer who never came (never checked in): their award for the shift is
 * the village's no-show points. Same window as scoring. Any score is dropped.
 */
export async function markNoShow(db: Db, input: SupervisorInput): Promise<ScoredVolunteer> {
  const { actor, shift, volunteer } = await openScoring(db, input);
  const params = { callNumber: shift.callNumber, position: shift.position, number: volunteer.number };
  const [marked] = await db.$queryRaw<Array<{ score: number | null; noShow: boolean }>>`
    UPDATE "SignUp" SET "noShow" = true, score = NULL, "scoredById" = ${actor.memberId}
    WHERE "shiftId" = ${shift.shiftId} AND "memberId" = ${volunteer.memberId} AND status = 'CONFIRMED'
      AND "checkInAt" IS NULL AND NOT "noShow"
    RETURNING score, "noShow"`;
  if (marked) return { shift: shiftSummary(shift), ...volunteer, ...marked, already: false };
  const signUp = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (signUp?.status !== 'CONFIRMED') throw new DomainError('shift-not-signed-up', params);
  if (signUp.checkInAt) throw new DomainError('shift-checked-in', params);
  return { shift: shiftSummary(shift), ...volunteer, score: null, noShow: true, already: true };
}

/**
 * Who may score, on which shift, whom, and whether scoring is open. The shift's row is held `FOR
 * SHARE` to the end of the transaction, so the awards' proposal (which sets `awardsProposedAt` on it)
 * waits for a score in flight and then counts it, and a score after the proposal is refused.
 */
async function openScoring(
  db: Db,
  input: SupervisorInput,
): Promise<{
  actor: Membership;
  shift: ShiftRow;
  volunteer: { memberId: number; number: number; name: string };
}> {
  const actor = requireAllowed(input.actor, 'volunteer.supervise');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  requireShiftSupervisor(actor, shift);
  const volunteer = await findActiveMember(db, actor.villageId, input.memberNumber);
  // Nobody scores their own work.
  if (volunteer.memberId === actor.memberId) throw new DomainError('forbidden');
  await requireScoringOpen(db, shift, minutesAfter(shift.endsAt, SCORING_WINDOW_MINUTES));
  return { actor, shift, volunteer };
}

/** From the start, until `closesAt` (if any) and the awards' proposal, whichever comes first. */
async function requireScoringOpen(db: Db, shift: ShiftRow, closesAt: Date | null): Promise<void> {
  const params = { callNumber: shift.callNumber, position: shift.position };
  if (shift.now < shift.startsAt) throw new DomainError('shift-not-started', params);
  const [held] = await db.$queryRaw<Array<{ proposed: boolean }>>`
    SELECT "awardsProposedAt" IS NOT NULL AS proposed FROM "VolunteerShift" WHERE id = ${shift.shiftId} FOR SHARE`;
  if (held?.proposed !== false || (closesAt !== null && shift.now >= closesAt))
    throw new DomainError('shift-scoring-closed', { ...params, minutes: SCORING_WINDOW_MINUTES });
}

/**
 * A villager who passed the checkpoint rates the shift 1–5 stars: anyone but its volunteers, once it
 * has started. One rating per member and shift; a second replaces the first.
 */
export async function rateShift(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number; stars: number },
): Promise<{ shift: ShiftSummary; stars: number; changed: boolean }> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5)
    throw new DomainError('shift-score-invalid', { min: 1, max: 5 });
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  const params = { callNumber: shift.callNumber, position: shift.position };
  if (shift.now < shift.startsAt) throw new DomainError('shift-not-started', params);
  const own = await findSignUp(db, shift.shiftId, actor.memberId);
  if (own?.status === 'CONFIRMED') throw new DomainError('shift-rating-own', params);
  const [rated] = await db.$queryRaw<Array<{ stars: number; inserted: boolean }>>`
    INSERT INTO "ShiftRating" ("shiftId", "villageId", "memberId", stars, "createdAt")
    VALUES (${shift.shiftId}, ${actor.villageId}, ${actor.memberId}, ${input.stars}, ${DB_NOW})
    ON CONFLICT ("shiftId", "memberId") DO UPDATE SET stars = EXCLUDED.stars
    RETURNING stars, (xmax = 0) AS inserted`;
  if (!rated) throw new Error('the rating was not written');
  return { shift: shiftSummary(shift), stars: rated.stars, changed: !rated.inserted };
}

/**
 * A member reports a volunteer's violation on a shift, under their own name, with a one-line reason.
 * From the start until the shift's awards are proposed (an upheld report is deducted from them).
 * Returns the secretaries to tell (never the reporter or the one reported).
 */
export async function reportViolation(
  db: Db,
  input: {
    actor: Membership | undefined;
    callNumber: number;
    position: number;
    memberNumber: number;
    reason: string;
  },
): Promise<{
  reportId: number;
  shift: ShiftSummary;
  memberId: number;
  secretaryMemberIds: number[];
}> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const reason = validReason(input.reason);
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  const params = { callNumber: shift.callNumber, position: shift.position };
  const volunteer = await findActiveMember(db, actor.villageId, input.memberNumber);
  if (volunteer.memberId === actor.memberId) throw new DomainError('shift-report-self', params);
  const signUp = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (signUp?.status !== 'CONFIRMED')
    throw new DomainError('shift-not-signed-up', { ...params, number: volunteer.number });
  await requireScoringOpen(db, shift, null);
  const report = await db.shiftReport.create({
    data: {
      villageId: actor.villageId,
      shiftId: shift.shiftId,
      reporterId: actor.memberId,
      memberId: volunteer.memberId,
      reason,
    },
    select: { id: true },
  });
  const secretaries = await db.member.findMany({
    where: {
      villageId: actor.villageId,
      status: 'ACTIVE',
      id: { notIn: [actor.memberId, volunteer.memberId] },
      roles: { some: { role: 'SECRETARY' } },
    },
    select: { id: true },
    orderBy: { number: 'asc' },
  });
  return {
    reportId: report.id,
    shift: shiftSummary(shift),
    memberId: volunteer.memberId,
    secretaryMemberIds: secretaries.map((member) => member.id),
  };
}

function validReason(raw: string): string {
  try {
    return validateShortText(raw, { max: REPORT_REASON_MAX, error: 'shift-report-invalid' });
  } catch (error) {
    if (error instanceof DomainError)
      throw new DomainError('shift-report-invalid', { field: 'reason', max: REPORT_REASON_MAX });
    throw error;
  }
}

export interface DecidedReport {
  reportId: number;
  upheld: boolean;
  /** Upheld: the points deducted (negative). */
  deduction: number | null;
  /**
   * Whether the deduction is part of the shift's awards: false when they were proposed before the
   * decision (the deduction then needs an award of its own).
   */
  counted: boolean;
  shift: { callNumber: number; position: number; title: string };
  /**
   * Upheld after the shift's points were proposed: the deduction proposed as an award of its own, and
   * whom to ask for its review.
   */
  lateDeduction: { awardId: number; memberNumber: number; reviewerIds: number[] } | null;
  /** Whom to tell: the reporter and the member reported. */
  reporterId: number;
  memberId: number;
}

/**
 * A secretary upholds or dismisses an open report. Upheld, it deducts `deduction` points
 * (REPORT_DEDUCTION_DEFAULT unless named, at most REPORT_DEDUCTION_MAX) from the volunteer's award
 * for the shift. One conditional update (`WHERE status = 'OPEN'`): two secretaries at once decide
 * once. Never a report about oneself.
 */
export async function decideReport(
  db: Db,
  input: { actor: Membership | undefined; reportId: number; uphold: boolean; deduction?: number | undefined },
): Promise<DecidedReport> {
  const actor = requireAllowed(input.actor, 'points.appeal.decide');
  const report = await db.shiftReport.findUnique({
    where: { villageId_id: { villageId: actor.villageId, id: input.reportId } },
    select: {
      id: true,
      shiftId: true,
      reporterId: true,
      memberId: true,
      shift: { select: { position: true, call: { select: { number: true, title: true } } } },
    },
  });
  if (!report) throw new DomainError('shift-report-not-found', { id: input.reportId });
  if (report.memberId === actor.memberId) throw new DomainError('forbidden');
  const magnitude = Math.abs(input.deduction ?? REPORT_DEDUCTION_DEFAULT);
  if (input.uphold && (!Number.isInteger(magnitude) || magnitude < 1 || magnitude > REPORT_DEDUCTION_MAX))
    throw new DomainError('shift-report-invalid', { field: 'deduction', max: REPORT_DEDUCTION_MAX });
  const deduction = input.uphold ? -magnitude : null;
  // Held until the commit, as a score is: a proposal of the awards waits for this decision and counts it.
  const [held] = await db.$queryRaw<Array<{ proposed: boolean }>>`
    SELECT "awardsProposedAt" IS NOT NULL AS proposed FROM "VolunteerShift" WHERE id = ${report.shiftId} FOR SHARE`;
  const [decided] = await db.$queryRaw<Array<{ id: number }>>`
    UPDATE "ShiftReport"
    SET status = ${input.uphold ? 'UPHELD' : 'DISMISSED'}::"ReportStatus", deduction = ${deduction}::int,
        "decidedById" = ${actor.memberId}, "decidedAt" = ${DB_NOW}
    WHERE id = ${report.id} AND status = 'OPEN'
    RETURNING id`;
  if (!decided) throw new DomainError('shift-report-decided', { id: report.id });
  // Upheld after the shift's points were proposed: the deduction cannot join them, so it is proposed on its
  // own (once per report: the source is unique per member), for the same review. Proposed by nobody, as the
  // shift's points are computed by nobody: the decision is the secretary's, the amount the rule's, and a
  // village with one secretary must still be able to review it.
  const lateDeduction =
    deduction !== null && held?.proposed === true
      ? await proposeReportDeduction(db, {
          villageId: actor.villageId,
          reportId: report.id,
          memberId: report.memberId,
          points: deduction,
          reason: `志愿违规 ${report.shift.call.title} #${report.shift.position}`,
        })
      : null;
  return {
    reportId: report.id,
    upheld: input.uphold,
    deduction,
    counted: input.uphold && held?.proposed === false,
    lateDeduction,
    shift: {
      callNumber: report.shift.call.number,
      position: report.shift.position,
      title: report.shift.call.title,
    },
    reporterId: report.reporterId,
    memberId: report.memberId,
  };
}

async function proposeReportDeduction(
  db: Db,
  input: {
    villageId: number;
    reportId: number;
    memberId: number;
    points: number;
    reason: string;
  },
): Promise<{ awardId: number; memberNumber: number; reviewerIds: number[] }> {
  const award = await db.pointAward.create({
    data: {
      villageId: input.villageId,
      memberId: input.memberId,
      points: input.points,
      reason: input.reason,
      source: `shift-report:${input.reportId}`,
    },
    select: { id: true, member: { select: { number: true } } },
  });
  await db.pointAward.update({ where: { id: award.id }, data: { batchId: award.id } });
  return {
    awardId: award.id,
    memberNumber: award.member.number,
    reviewerIds: await findReviewers(db, input.villageId, 0),
  };
}
