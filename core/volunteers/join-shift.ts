import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import {
  DB_NOW,
  findShift,
  findSignUp,
  lockMemberSignUps,
  lockShift,
  type OwnSignUp,
  type ShiftRow,
  shiftSummary,
  waitingPlace,
} from './shift-access.ts';
import type { JoinOutcome } from './volunteer-types.ts';

/**
 * A member takes a seat on a shift, or a place on its waiting list when it is full. Run in the
 * member's update transaction.
 *
 * Pressing again changes nothing and says where they stand. Otherwise the shift's row is locked,
 * then the member's sign-up lock (so their own sign-ups queue: the overlap check cannot race another
 * of their joins, and the EXCLUDE constraint is only the backstop), and the seat is taken with one
 * conditional update (`taken < capacity`); when it finds the shift full, the next waiting-list
 * position is taken from the shift's counter, so positions only grow and the order never changes.
 * A sign-up cancelled earlier is reused (one row per member and shift).
 */
export async function joinShift(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number },
): Promise<JoinOutcome> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  // A second press answers at once, without waiting behind everyone joining the shift.
  const pressedAgain = await alreadyThere(db, shift, await findSignUp(db, shift.shiftId, actor.memberId));
  if (pressedAgain) return pressedAgain;

  if (shift.callStatus !== 'OPEN' || shift.now >= shift.signupClosesAt)
    throw new DomainError('call-closed', { callNumber: shift.callNumber });
  if (shift.now >= shift.startsAt)
    throw new DomainError('shift-started', { callNumber: shift.callNumber, position: shift.position });

  await lockShift(db, shift.shiftId);
  await lockMemberSignUps(db, actor.memberId);
  // Read again under the locks: a promotion may have confirmed the member meanwhile.
  const signUp = await findSignUp(db, shift.shiftId, actor.memberId);
  const settled = await alreadyThere(db, shift, signUp);
  if (settled) return settled;
  await refuseOverlap(db, shift.shiftId, actor.memberId);

  const [seat] = await db.$queryRaw<Array<{ taken: number; capacity: number }>>`
    UPDATE "VolunteerShift"
    SET taken = taken + 1,
        "filledAt" = CASE WHEN taken + 1 = capacity THEN coalesce("filledAt", ${DB_NOW}) ELSE "filledAt" END
    WHERE id = ${shift.shiftId} AND taken < capacity
    RETURNING taken, capacity`;
  if (seat) {
    await upsertSignUp(db, shift, actor.memberId, null);
    return {
      kind: 'confirmed',
      shift: shiftSummary(shift, seat.taken),
      filled: seat.taken === seat.capacity,
    };
  }

  const [counter] = await db.$queryRaw<Array<{ waitlistPosition: number; taken: number }>>`
    UPDATE "VolunteerShift" SET "nextWaitlistPosition" = "nextWaitlistPosition" + 1
    WHERE id = ${shift.shiftId} AND taken >= capacity
    RETURNING "nextWaitlistPosition" - 1 AS "waitlistPosition", taken`;
  // The shift's row is locked since lockShift: nothing can have freed a seat in between.
  if (!counter) throw new Error(`shift ${shift.shiftId} had a free seat under its lock`);
  await upsertSignUp(db, shift, actor.memberId, counter.waitlistPosition);
  return {
    kind: 'waitlisted',
    shift: shiftSummary(shift, counter.taken),
    place: await waitingPlace(db, shift.shiftId, counter.waitlistPosition),
  };
}

async function alreadyThere(
  db: Db,
  shift: ShiftRow,
  signUp: OwnSignUp | undefined,
): Promise<JoinOutcome | undefined> {
  if (signUp?.status === 'CONFIRMED') return { kind: 'already-confirmed', shift: shiftSummary(shift) };
  if (signUp?.status === 'WAITLISTED' && signUp.waitlistPosition !== null)
    return {
      kind: 'already-waitlisted',
      shift: shiftSummary(shift),
      place: await waitingPlace(db, shift.shiftId, signUp.waitlistPosition),
    };
  return undefined;
}

/**
 * Refuses a join that overlaps a shift the member already holds a seat on (half-open ranges, as the
 * EXCLUDE constraint compares them: a shift that ends at 10:00 and one that starts then do not overlap).
 */
async function refuseOverlap(db: Db, shiftId: number, memberId: number): Promise<void> {
  const [other] = await db.$queryRaw<
    Array<{ callNumber: number; position: number; place: string; startsAt: Date; endsAt: Date }>
  >`
    SELECT c.number AS "callNumber", o.position, o.place, o."startsAt", o."endsAt"
    FROM "VolunteerShift" t
    JOIN "SignUp" su ON su."memberId" = ${memberId} AND su.status = 'CONFIRMED' AND su."shiftId" <> t.id
    JOIN "VolunteerShift" o ON o.id = su."shiftId"
    JOIN "VolunteerCall" c ON c.id = o."callId"
    WHERE t.id = ${shiftId} AND tsrange(su."startsAt", su."endsAt") && tsrange(t."startsAt", t."endsAt")
    ORDER BY o."startsAt"
    LIMIT 1`;
  if (other)
    throw new DomainError('shift-overlap', {
      callNumber: other.callNumber,
      position: other.position,
      place: other.place,
      start: other.startsAt.toISOString(),
      end: other.endsAt.toISOString(),
    });
}

/** The member's row on the shift: new, or their cancelled one taken up again (attendance wiped). */
async function upsertSignUp(
  db: Db,
  shift: ShiftRow,
  memberId: number,
  waitlistPosition: number | null,
): Promise<void> {
  const status = waitlistPosition === null ? 'CONFIRMED' : 'WAITLISTED';
  const written = await db.$executeRaw`
    INSERT INTO "SignUp" ("villageId", "shiftId", "memberId", status, "waitlistPosition", "startsAt", "endsAt",
                          "createdAt", "confirmedAt")
    SELECT s."villageId", s.id, ${memberId}, ${status}::"SignUpStatus", ${waitlistPosition}::int,
           s."startsAt", s."endsAt", ${DB_NOW}, CASE WHEN ${status}::text = 'CONFIRMED' THEN ${DB_NOW} END
    FROM "VolunteerShift" s WHERE s.id = ${shift.shiftId}
    ON CONFLICT ("shiftId", "memberId") DO UPDATE
      SET status = EXCLUDED.status, "waitlistPosition" = EXCLUDED."waitlistPosition",
          "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt",
          "createdAt" = EXCLUDED."createdAt", "confirmedAt" = EXCLUDED."confirmedAt", "cancelledAt" = NULL,
          "checkInAt" = NULL, "checkOutAt" = NULL, "checkedById" = NULL, score = NULL, "noShow" = false,
          "scoredById" = NULL
      WHERE "SignUp".status = 'CANCELLED'`;
  // Under the member's lock the row was read as absent or cancelled.
  if (written !== 1)
    throw new Error(`sign-up of member ${memberId} on shift ${shift.shiftId} changed under its lock`);
}
