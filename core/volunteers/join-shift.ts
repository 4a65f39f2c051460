import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import {
  DB_NOW,
  findShiftAndSignUp,
  type LiveSignUp,
  lockMemberSignUps,
  lockShift,
  type ShiftRow,
  shiftSummary,
  waitingPlace,
} from './shift-access.ts';
import type { JoinOutcome } from './volunteer-types.ts';

/**
 * A member takes a seat on a shift, or a place on its waiting list when it is full. Run in the
 * member's update transaction.
 *
 * Pressing again changes nothing and says where they stand: the first read (the shift with the
 * member's own sign-up) answers that at once, without waiting behind everyone joining the shift.
 * Otherwise the shift's row is locked, then the member's sign-up lock (so their own sign-ups queue:
 * the overlap check cannot race another of their joins, and the EXCLUDE constraint is only the
 * backstop), and one statement, reading afresh under the locks, does the rest: a seat while
 * `taken < capacity`, else the next waiting-list position from the shift's counter (so positions only
 * grow and the order never changes), the sign-up row (a cancelled one is reused: one row per member and
 * shift), and the place in line. One statement rather than six because the shift's row stays locked
 * until the update commits: in a burst of presses everyone else waits out each round trip (the join
 * bench, `npm run bench -- --only=joins`).
 */
export async function joinShift(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number },
): Promise<JoinOutcome> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const shift = await findShiftAndSignUp(
    db,
    actor.villageId,
    input.callNumber,
    input.position,
    actor.memberId,
  );
  if (shift.own) return alreadyThere(db, shift, shift.own);

  if (shift.callStatus !== 'OPEN' || shift.now >= shift.signupClosesAt)
    throw new DomainError('call-closed', { callNumber: shift.callNumber });
  if (shift.now >= shift.startsAt)
    throw new DomainError('shift-started', { callNumber: shift.callNumber, position: shift.position });

  await lockShift(db, shift.shiftId);
  await lockMemberSignUps(db, actor.memberId);
  const step = await takeSeatOrPlace(db, shift.shiftId, actor.memberId);
  // Read again under the locks: a promotion may have placed the member meanwhile.
  if (step.mineStatus) {
    const own = { status: step.mineStatus, waitlistPosition: step.minePosition };
    return alreadyThereAt(shift, own, step.ahead + 1);
  }
  if (step.clashCallNumber !== null)
    throw new DomainError('shift-overlap', {
      callNumber: step.clashCallNumber,
      position: step.clashPosition,
      place: step.clashPlace,
      start: step.clashStartsAt.toISOString(),
      end: step.clashEndsAt.toISOString(),
    });
  // Under the member's lock the row was read as absent or cancelled, so the insert must have written it.
  if (step.written !== 1 || step.taken === null)
    throw new Error(`sign-up of member ${actor.memberId} on shift ${shift.shiftId} changed under its lock`);
  if (step.seated)
    return {
      kind: 'confirmed',
      shift: shiftSummary(shift, step.taken),
      filled: step.taken === step.capacity,
    };
  return { kind: 'waitlisted', shift: shiftSummary(shift, step.taken), place: step.ahead + 1 };
}

async function alreadyThere(db: Db, shift: ShiftRow, own: LiveSignUp): Promise<JoinOutcome> {
  const place =
    own.status === 'WAITLISTED' && own.waitlistPosition !== null
      ? await waitingPlace(db, shift.shiftId, own.waitlistPosition)
      : 0;
  return alreadyThereAt(shift, own, place);
}

function alreadyThereAt(shift: ShiftRow, own: LiveSignUp, place: number): JoinOutcome {
  return own.status === 'CONFIRMED'
    ? { kind: 'already-confirmed', shift: shiftSummary(shift) }
    : { kind: 'already-waitlisted', shift: shiftSummary(shift), place };
}

/** What the locked statement found and did; the clash's columns are null without an overlap. */
type SeatStep = {
  mineStatus: LiveSignUp['status'] | null;
  minePosition: number | null;
  clashCallNumber: number | null;
  clashPosition: number;
  clashPlace: string;
  clashStartsAt: Date;
  clashEndsAt: Date;
  seated: boolean | null;
  taken: number | null;
  capacity: number | null;
  written: number;
  /** Those still waiting ahead of the member's position (theirs, or the one just taken). */
  ahead: number;
};

/**
 * Under the shift's and the member's locks, so every part reads the same, current state: the member's
 * live sign-up (then nothing is written), a confirmed shift of theirs that overlaps this one (half-open
 * ranges, as the EXCLUDE constraint compares them; then nothing is written), else the seat or the next
 * waiting position (one conditional update of the shift's counters) and the sign-up row written from it.
 */
async function takeSeatOrPlace(db: Db, shiftId: number, memberId: number): Promise<SeatStep> {
  const [step] = await db.$queryRaw<SeatStep[]>`
    WITH mine AS (
      SELECT status::text AS status, "waitlistPosition" FROM "SignUp"
      WHERE "shiftId" = ${shiftId} AND "memberId" = ${memberId} AND status <> 'CANCELLED'
    ), clash AS (
      SELECT c.number AS "callNumber", o.position, o.place, o."startsAt", o."endsAt"
      FROM "VolunteerShift" t
      JOIN "SignUp" su ON su."memberId" = ${memberId} AND su.status = 'CONFIRMED' AND su."shiftId" <> t.id
      JOIN "VolunteerShift" o ON o.id = su."shiftId"
      JOIN "VolunteerCall" c ON c.id = o."callId"
      WHERE t.id = ${shiftId} AND tsrange(su."startsAt", su."endsAt") && tsrange(t."startsAt", t."endsAt")
      ORDER BY o."startsAt"
      LIMIT 1
    ), before AS (
      SELECT taken, capacity, "nextWaitlistPosition" FROM "VolunteerShift" WHERE id = ${shiftId}
    ), counted AS (
      UPDATE "VolunteerShift" s
      SET taken = CASE WHEN s.taken < s.capacity THEN s.taken + 1 ELSE s.taken END,
          "nextWaitlistPosition" = CASE WHEN s.taken < s.capacity THEN s."nextWaitlistPosition"
                                        ELSE s."nextWaitlistPosition" + 1 END,
          "filledAt" = CASE WHEN s.taken + 1 = s.capacity THEN coalesce(s."filledAt", ${DB_NOW})
                            ELSE s."filledAt" END
      WHERE s.id = ${shiftId} AND NOT EXISTS (SELECT 1 FROM mine) AND NOT EXISTS (SELECT 1 FROM clash)
      RETURNING s.taken, s.capacity
    ), taken AS (
      SELECT b.taken < b.capacity AS seated, c.taken, c.capacity,
             CASE WHEN b.taken < b.capacity THEN NULL ELSE b."nextWaitlistPosition" END AS "waitlistPosition"
      FROM counted c CROSS JOIN before b
    ), written AS (
      INSERT INTO "SignUp" ("villageId", "shiftId", "memberId", status, "waitlistPosition", "startsAt", "endsAt",
                            "createdAt", "confirmedAt")
      SELECT s."villageId", s.id, ${memberId},
             (CASE WHEN t.seated THEN 'CONFIRMED' ELSE 'WAITLISTED' END)::"SignUpStatus", t."waitlistPosition",
             s."startsAt", s."endsAt", ${DB_NOW}, CASE WHEN t.seated THEN ${DB_NOW} END
      FROM "VolunteerShift" s CROSS JOIN taken t
      WHERE s.id = ${shiftId}
      ON CONFLICT ("shiftId", "memberId") DO UPDATE
        SET status = EXCLUDED.status, "waitlistPosition" = EXCLUDED."waitlistPosition",
            "startsAt" = EXCLUDED."startsAt", "endsAt" = EXCLUDED."endsAt",
            "createdAt" = EXCLUDED."createdAt", "confirmedAt" = EXCLUDED."confirmedAt", "cancelledAt" = NULL,
            "checkInAt" = NULL, "checkOutAt" = NULL, "checkedById" = NULL, score = NULL, "noShow" = false,
            "scoredById" = NULL
        WHERE "SignUp".status = 'CANCELLED'
      RETURNING 1
    )
    SELECT m.status AS "mineStatus", m."waitlistPosition" AS "minePosition",
           k."callNumber" AS "clashCallNumber", k.position AS "clashPosition", k.place AS "clashPlace",
           k."startsAt" AS "clashStartsAt", k."endsAt" AS "clashEndsAt",
           t.seated, t.taken, t.capacity, (SELECT count(*)::int FROM written) AS written,
           (SELECT count(*)::int FROM "SignUp" w
            WHERE w."shiftId" = ${shiftId} AND w.status = 'WAITLISTED'
              AND w."waitlistPosition" < coalesce(t."waitlistPosition", m."waitlistPosition")) AS ahead
    FROM (SELECT 1) AS one
    LEFT JOIN mine m ON true
    LEFT JOIN clash k ON NOT EXISTS (SELECT 1 FROM mine)
    LEFT JOIN taken t ON true`;
  if (!step) throw new Error(`shift ${shiftId}: the seat statement returned no row`);
  return step;
}
