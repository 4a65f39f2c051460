import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import {
  DB_NOW,
  findActiveMember,
  findShift,
  findSignUp,
  minutesAfter,
  minutesBefore,
  requireShiftSupervisor,
  type ShiftRow,
  shiftSummary,
} from './shift-access.ts';
import { CHECK_IN_OPENS_MINUTES, CHECK_OUT_CLOSES_MINUTES, type ShiftSummary } from './volunteer-types.ts';

export interface AttendanceOutcome {
  /** Pressed again: it was already recorded, nothing changed (`at` is the first time). */
  already: boolean;
  shift: ShiftSummary;
  memberId: number;
  number: number;
  name: string;
  at: Date;
  /** The supervisor who recorded it for the volunteer (no phone); null when they did it themselves. */
  byMemberId: number | null;
}

interface AttendanceInput {
  actor: Membership | undefined;
  callNumber: number;
  position: number;
  /** A supervisor records it for a volunteer without a phone. */
  forMemberNumber?: number | undefined;
}

/**
 * A volunteer checks in (from CHECK_IN_OPENS_MINUTES before the start until the end), or the shift's
 * supervisor does it for them. One conditional update (`WHERE "checkInAt" IS NULL`): a second press
 * changes nothing and says so. Someone the supervisor marked absent cannot check themselves in; the
 * supervisor's check-in for them takes the mark back (they came late after all).
 */
export async function checkIn(db: Db, input: AttendanceInput): Promise<AttendanceOutcome> {
  const { shift, volunteer, byMemberId } = await resolve(db, input);
  const params = { callNumber: shift.callNumber, position: shift.position };
  const signUp = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (signUp?.status !== 'CONFIRMED')
    throw new DomainError('shift-not-signed-up', { ...params, number: volunteer.number });
  const outcome = { shift: shiftSummary(shift), ...volunteer, byMemberId };
  if (signUp.checkOutAt) throw new DomainError('shift-already-checked-out', params);
  if (signUp.checkInAt) return { ...outcome, already: true, at: signUp.checkInAt };
  if (shift.now < minutesBefore(shift.startsAt, CHECK_IN_OPENS_MINUTES) || shift.now >= shift.endsAt)
    throw new DomainError('shift-check-in-closed', { ...params, minutes: CHECK_IN_OPENS_MINUTES });
  if (signUp.noShow && byMemberId === null) throw new DomainError('shift-marked-no-show', params);

  const [done] = await db.$queryRaw<Array<{ at: Date }>>`
    UPDATE "SignUp"
    SET "checkInAt" = ${DB_NOW}, "checkedById" = ${byMemberId}::int, "noShow" = false
    WHERE id = ${signUp.id} AND status = 'CONFIRMED' AND "checkInAt" IS NULL
      AND (${byMemberId}::int IS NOT NULL OR NOT "noShow")
    RETURNING "checkInAt" AS at`;
  if (done) return { ...outcome, already: false, at: done.at };
  // Someone else recorded it meanwhile (the volunteer and their supervisor at once).
  const now = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (now?.status === 'CONFIRMED' && now.checkInAt) return { ...outcome, already: true, at: now.checkInAt };
  throw new DomainError('shift-not-signed-up', { ...params, number: volunteer.number });
}

/**
 * A volunteer checks out (after checking in, until CHECK_OUT_CLOSES_MINUTES after the end), or the
 * supervisor does it for them. Without a check-out the hours count to the shift's end. A second
 * press changes nothing and says so.
 */
export async function checkOut(db: Db, input: AttendanceInput): Promise<AttendanceOutcome> {
  const { shift, volunteer, byMemberId } = await resolve(db, input);
  const params = { callNumber: shift.callNumber, position: shift.position };
  const signUp = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (signUp?.status !== 'CONFIRMED')
    throw new DomainError('shift-not-signed-up', { ...params, number: volunteer.number });
  const outcome = { shift: shiftSummary(shift), ...volunteer, byMemberId };
  if (signUp.checkOutAt) return { ...outcome, already: true, at: signUp.checkOutAt };
  if (!signUp.checkInAt) throw new DomainError('shift-not-checked-in', params);
  if (shift.now >= minutesAfter(shift.endsAt, CHECK_OUT_CLOSES_MINUTES))
    throw new DomainError('shift-check-out-closed', { ...params, minutes: CHECK_OUT_CLOSES_MINUTES });

  const [done] = await db.$queryRaw<Array<{ at: Date }>>`
    UPDATE "SignUp"
    SET "checkOutAt" = ${DB_NOW}, "checkedById" = coalesce(${byMemberId}::int, "checkedById")
    WHERE id = ${signUp.id} AND status = 'CONFIRMED' AND "checkInAt" IS NOT NULL AND "checkOutAt" IS NULL
    RETURNING "checkOutAt" AS at`;
  if (done) return { ...outcome, already: false, at: done.at };
  const now = await findSignUp(db, shift.shiftId, volunteer.memberId);
  if (now?.status === 'CONFIRMED' && now.checkOutAt) return { ...outcome, already: true, at: now.checkOutAt };
  throw new DomainError('shift-not-signed-up', { ...params, number: volunteer.number });
}

/** Who acts, on which shift, for whom: themselves, or (a supervisor) a volunteer named by number. */
async function resolve(
  db: Db,
  input: AttendanceInput,
): Promise<{
  shift: ShiftRow;
  volunteer: { memberId: number; number: number; name: string };
  byMemberId: number | null;
}> {
  const forOther = input.forMemberNumber !== undefined && input.forMemberNumber !== input.actor?.number;
  const actor = requireAllowed(input.actor, forOther ? 'volunteer.supervise' : 'volunteer.join');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  if (!forOther)
    return {
      shift,
      volunteer: { memberId: actor.memberId, number: actor.number, name: displayName(actor) },
      byMemberId: null,
    };
  requireShiftSupervisor(actor, shift);
  const volunteer = await findActiveMember(db, actor.villageId, input.forMemberNumber ?? 0);
  return { shift, volunteer, byMemberId: actor.memberId };
}
