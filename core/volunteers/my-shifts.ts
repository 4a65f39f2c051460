import type { Db } from '../db/client.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { DB_NOW, findShift, requireShiftSupervisor, shiftSummary } from './shift-access.ts';
import { CHECK_OUT_CLOSES_MINUTES, type ShiftSummary } from './volunteer-types.ts';

export interface MyShift {
  shift: ShiftSummary;
  status: 'CONFIRMED' | 'WAITLISTED';
  /** Waiting: those still waiting ahead, plus one; null for a seat. */
  waitingPlace: number | null;
  checkInAt: Date | null;
  checkOutAt: Date | null;
}

/**
 * The member's seats and waiting places on shifts that have not ended, or that they are still to
 * check out of (until CHECK_OUT_CLOSES_MINUTES after the end), soonest first. Cancelled calls are left out.
 */
export async function listMyShifts(db: Db, input: { actor: Membership | undefined }): Promise<MyShift[]> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const rows = await db.$queryRaw<
    Array<
      ShiftSummary & {
        status: 'CONFIRMED' | 'WAITLISTED';
        waitingPlace: number | null;
        checkInAt: Date | null;
        checkOutAt: Date | null;
      }
    >
  >`
    SELECT c."villageId", c.id AS "callId", c.number AS "callNumber", c.title,
           s.id AS "shiftId", s.position, s.place, s."startsAt", s."endsAt", s.capacity, s.taken,
           su.status::text AS status, su."checkInAt", su."checkOutAt",
           CASE WHEN su.status = 'WAITLISTED' THEN
             (SELECT count(*)::int + 1 FROM "SignUp" w
              WHERE w."shiftId" = su."shiftId" AND w.status = 'WAITLISTED'
                AND w."waitlistPosition" < su."waitlistPosition")
           END AS "waitingPlace"
    FROM "SignUp" su
    JOIN "VolunteerShift" s ON s.id = su."shiftId"
    JOIN "VolunteerCall" c ON c.id = s."callId"
    WHERE su."memberId" = ${actor.memberId} AND su.status IN ('CONFIRMED', 'WAITLISTED')
      AND c.status <> 'CANCELLED'
      AND (s."endsAt" > ${DB_NOW}
           OR (su."checkInAt" IS NOT NULL AND su."checkOutAt" IS NULL
               AND s."endsAt" + ${CHECK_OUT_CLOSES_MINUTES} * interval '1 minute' > ${DB_NOW}))
    ORDER BY s."startsAt", c.number, s.position`;
  return rows.map(({ status, waitingPlace, checkInAt, checkOutAt, ...shift }) => ({
    shift,
    status,
    waitingPlace,
    checkInAt,
    checkOutAt,
  }));
}

export interface ShiftVolunteer {
  memberId: number;
  number: number;
  name: string;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  /** Checked in or out by a supervisor on their behalf. */
  checkedById: number | null;
  score: number | null;
  noShow: boolean;
}

/**
 * Who holds a seat on a shift, for those who answer for it: the shift's supervisor, the call's
 * creator, or a secretary. By member number.
 */
export async function listShiftVolunteers(
  db: Db,
  input: { actor: Membership | undefined; callNumber: number; position: number },
): Promise<{ shift: ShiftSummary; volunteers: ShiftVolunteer[] }> {
  const actor = requireAllowed(input.actor, 'volunteer.supervise');
  const shift = await findShift(db, actor.villageId, input.callNumber, input.position);
  requireShiftSupervisor(actor, shift, { creatorToo: true });
  const signUps = await db.signUp.findMany({
    where: { shiftId: shift.shiftId, status: 'CONFIRMED' },
    select: {
      memberId: true,
      checkInAt: true,
      checkOutAt: true,
      checkedById: true,
      score: true,
      noShow: true,
      member: { select: { number: true, realName: true } },
    },
    orderBy: { member: { number: 'asc' } },
  });
  return {
    shift: shiftSummary(shift),
    volunteers: signUps.map(({ member, ...signUp }) => ({
      ...signUp,
      number: member.number,
      name: displayName(member),
    })),
  };
}
