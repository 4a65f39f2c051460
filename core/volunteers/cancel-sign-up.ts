import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import {
  DB_NOW,
  findShift,
  findSignUp,
  lockMemberSignUps,
  lockShift,
  minutesBefore,
  shiftSummary,
} from './shift-access.ts';
import { CANCEL_CUTOFF_MINUTES, type CancelOutcome } from './volunteer-types.ts';

/**
 * A member gives up their seat or their place on the waiting list. Run in the member's update
 * transaction.
 *
 * A seat may be given up until CANCEL_CUTOFF_MINUTES before the start (the waiting list needs time to
 * move up), a waiting place until the start. A freed seat goes, in the same transaction, to the first
 * waiting member (lowest position) who holds no overlapping seat elsewhere; those skipped keep their
 * place. With nobody to take it, the seat stays free and `reopened` says whether the shift was full.
 *
 * Locks: the shift's row first (every change of its seats and its waiting list queues there, so a
 * joiner cannot slip onto the waiting list while the seat is being freed), then the sign-up lock of
 * the member being promoted, as joinShift takes its own: shift before member, never the other way.
 */
export async function cancelSignUp(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number },
): Promise<CancelOutcome> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  const params = { callNumber: shift.callNumber, position: shift.position };
  await lockShift(db, shift.shiftId);
  const signUp = await findSignUp(db, shift.shiftId, actor.memberId);
  if (signUp?.status !== 'CONFIRMED' && signUp?.status !== 'WAITLISTED')
    throw new DomainError('shift-not-signed-up', params);

  if (signUp.status === 'WAITLISTED') {
    if (shift.now >= shift.startsAt) throw new DomainError('shift-started', params);
    const left = await db.$executeRaw`
      UPDATE "SignUp" SET status = 'CANCELLED', "waitlistPosition" = NULL, "cancelledAt" = ${DB_NOW}
      WHERE id = ${signUp.id} AND status = 'WAITLISTED'`;
    if (left !== 1) throw new DomainError('shift-not-signed-up', params);
    return { shift: shiftSummary(shift), was: 'WAITLISTED', promoted: null, reopened: false };
  }

  if (shift.now >= minutesBefore(shift.startsAt, CANCEL_CUTOFF_MINUTES))
    throw new DomainError('shift-cancel-too-late', { ...params, minutes: CANCEL_CUTOFF_MINUTES });
  const left = await db.$executeRaw`
    UPDATE "SignUp" SET status = 'CANCELLED', "cancelledAt" = ${DB_NOW}
    WHERE id = ${signUp.id} AND status = 'CONFIRMED' AND "checkInAt" IS NULL`;
  if (left !== 1) throw new DomainError('shift-not-signed-up', params);
  const [freed] = await db.$queryRaw<Array<{ taken: number; capacity: number }>>`
    UPDATE "VolunteerShift" SET taken = taken - 1 WHERE id = ${shift.shiftId} AND taken > 0
    RETURNING taken, capacity`;
  if (!freed) throw new Error(`shift ${shift.shiftId} had a confirmed sign-up and no seat taken`);
  const wasFull = freed.taken + 1 === freed.capacity;

  const promoted = await promoteFirstWaiting(db, shift.shiftId);
  return {
    shift: shiftSummary(shift, promoted ? freed.taken + 1 : freed.taken),
    was: 'CONFIRMED',
    promoted,
    reopened: wasFull && promoted === null,
  };
}

/**
 * Gives the free seat to the first waiting member who can take it: active, and holding no
 * overlapping seat. The candidate is chosen, then locked, then confirmed by a conditional update that
 * checks both again (they may have taken another seat before the lock was granted); a candidate who
 * no longer qualifies is passed over and the next one tried.
 */
async function promoteFirstWaiting(db: Db, shiftId: number): Promise<{ memberId: number } | null> {
  const passedOver: number[] = [];
  for (;;) {
    const [candidate] = await db.$queryRaw<Array<{ id: number; memberId: number }>>`
      SELECT su.id, su."memberId"
      FROM "SignUp" su
      JOIN "Member" m ON m.id = su."memberId" AND m.status = 'ACTIVE'
      WHERE su."shiftId" = ${shiftId} AND su.status = 'WAITLISTED' AND NOT (su.id = ANY(${passedOver}::int[]))
        AND NOT EXISTS (
          SELECT 1 FROM "SignUp" o
          WHERE o."memberId" = su."memberId" AND o.status = 'CONFIRMED' AND o."shiftId" <> su."shiftId"
            AND tsrange(o."startsAt", o."endsAt") && tsrange(su."startsAt", su."endsAt"))
      ORDER BY su."waitlistPosition"
      LIMIT 1`;
    if (!candidate) return null;
    await lockMemberSignUps(db, candidate.memberId);
    const confirmed = await db.$executeRaw`
      UPDATE "SignUp" su
      SET status = 'CONFIRMED', "waitlistPosition" = NULL, "confirmedAt" = ${DB_NOW}
      WHERE su.id = ${candidate.id} AND su.status = 'WAITLISTED'
        AND NOT EXISTS (
          SELECT 1 FROM "SignUp" o
          WHERE o."memberId" = su."memberId" AND o.status = 'CONFIRMED' AND o."shiftId" <> su."shiftId"
            AND tsrange(o."startsAt", o."endsAt") && tsrange(su."startsAt", su."endsAt"))`;
    if (confirmed === 1) {
      const seated = await db.$executeRaw`
        UPDATE "VolunteerShift"
        SET taken = taken + 1,
            "filledAt" = CASE WHEN taken + 1 = capacity THEN coalesce("filledAt", ${DB_NOW}) ELSE "filledAt" END
        WHERE id = ${shiftId} AND taken < capacity`;
      if (seated !== 1) throw new Error(`shift ${shiftId} lost its freed seat under its lock`);
      return { memberId: candidate.memberId };
    }
    passedOver.push(candidate.id);
  }
}
