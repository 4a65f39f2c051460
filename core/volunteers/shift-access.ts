import { type Db, Prisma } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import type { Membership } from '../members/membership.ts';
import type { ShiftSummary } from './volunteer-types.ts';

/**
 * What the sign-up use cases share: finding a shift by the numbers people see, the database's clock,
 * the locks, and who may act for a shift. Not a use case of its own.
 */

/**
 * The database's clock as the columns hold time (`timestamp(3)` in UTC, as Prisma writes them), so a
 * comparison or an assignment means the same whatever the session's time zone.
 */
export const DB_NOW = Prisma.raw(`(statement_timestamp() AT TIME ZONE 'UTC')`);

/**
 * The namespace of the per-member advisory lock (`pg_advisory_xact_lock(hashtext(…), memberId)`) that
 * serialises one member's sign-up changes, so the overlap check and the seat it guards cannot race.
 *
 * Lock order, everywhere: the shift's row first (`FOR NO KEY UPDATE`), then member locks. A join
 * holds its shift and then its member; a cancellation holds its shift and then the waiting member it
 * promotes. Nobody waits for a shift row while holding a member lock, so the two cannot deadlock.
 */
export const VOLUNTEER_SIGN_UPS_LOCK = 'volunteer-sign-ups';

export interface ShiftRow {
  villageId: number;
  callId: number;
  callNumber: number;
  title: string;
  callStatus: 'OPEN' | 'CLOSED' | 'CANCELLED';
  signupClosesAt: Date;
  pointsPerHour: number;
  createdById: number;
  shiftId: number;
  position: number;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  taken: number;
  supervisorId: number | null;
  awardsProposedAt: Date | null;
  /** The database's clock when this was read. */
  now: Date;
}

/** A shift by its call's village-local number and its position; refused when either is not there. */
export async function findShift(
  db: Db,
  villageId: number,
  callNumber: number,
  position: number,
): Promise<ShiftRow> {
  const { own: _, ...shift } = await readShift(db, villageId, callNumber, position, null);
  return shift;
}

/** A member's live (not cancelled) place on a shift. */
export interface LiveSignUp {
  status: 'CONFIRMED' | 'WAITLISTED';
  waitlistPosition: number | null;
}

/** findShift, and in the same statement the member's live sign-up on it (a join's first read). */
export function findShiftAndSignUp(
  db: Db,
  villageId: number,
  callNumber: number,
  position: number,
  memberId: number,
): Promise<ShiftRow & { own: LiveSignUp | undefined }> {
  return readShift(db, villageId, callNumber, position, memberId);
}

async function readShift(
  db: Db,
  villageId: number,
  callNumber: number,
  position: number,
  memberId: number | null,
): Promise<ShiftRow & { own: LiveSignUp | undefined }> {
  const rows = await db.$queryRaw<
    Array<
      Omit<ShiftRow, 'shiftId'> & {
        shiftId: number | null;
        ownStatus: LiveSignUp['status'] | null;
        ownWaitlistPosition: number | null;
      }
    >
  >`
    SELECT c."villageId", c.id AS "callId", c.number AS "callNumber", c.title, c.status::text AS "callStatus",
           c."signupClosesAt", c."pointsPerHour", c."createdById",
           s.id AS "shiftId", s.position, s.place, s."startsAt", s."endsAt", s.capacity, s.taken,
           s."supervisorId", s."awardsProposedAt", ${DB_NOW} AS now,
           su.status::text AS "ownStatus", su."waitlistPosition" AS "ownWaitlistPosition"
    FROM "VolunteerCall" c
    LEFT JOIN "VolunteerShift" s ON s."callId" = c.id AND s.position = ${position}
    LEFT JOIN "SignUp" su ON su."shiftId" = s.id AND su."memberId" = ${memberId}::int AND su.status <> 'CANCELLED'
    WHERE c."villageId" = ${villageId} AND c.number = ${callNumber}`;
  const row = rows[0];
  if (!row) throw new DomainError('call-not-found', { callNumber });
  if (row.shiftId === null) throw new DomainError('shift-not-found', { callNumber, position });
  const { ownStatus, ownWaitlistPosition, ...shift } = row;
  return {
    ...shift,
    shiftId: row.shiftId,
    own: ownStatus ? { status: ownStatus, waitlistPosition: ownWaitlistPosition } : undefined,
  };
}

/** Locks the shift's row for this transaction (see VOLUNTEER_SIGN_UPS_LOCK) and reads its seats as they are now. */
export async function lockShift(db: Db, shiftId: number): Promise<{ taken: number; capacity: number }> {
  const [row] = await db.$queryRaw<Array<{ taken: number; capacity: number }>>`
    SELECT taken, capacity FROM "VolunteerShift" WHERE id = ${shiftId} FOR NO KEY UPDATE`;
  if (!row) throw new Error(`shift ${shiftId} vanished`);
  return row;
}

/** Takes the member's sign-up lock until the transaction ends (after the shift's row: see above). */
export async function lockMemberSignUps(db: Db, memberId: number): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${VOLUNTEER_SIGN_UPS_LOCK}), ${memberId}::int)`;
}

export function shiftSummary(shift: ShiftRow, taken = shift.taken): ShiftSummary {
  return {
    villageId: shift.villageId,
    callId: shift.callId,
    callNumber: shift.callNumber,
    title: shift.title,
    shiftId: shift.shiftId,
    position: shift.position,
    place: shift.place,
    startsAt: shift.startsAt,
    endsAt: shift.endsAt,
    capacity: shift.capacity,
    taken,
  };
}

export const minutesBefore = (at: Date, minutes: number) => new Date(at.getTime() - minutes * 60_000);
export const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);

/**
 * Who answers for a shift on the ground (checks people in for them, scores, marks no-shows): its
 * supervisor, or the call's creator when it has none, or a secretary. With `creatorToo`, the call's
 * creator always (they may look at who came to any shift of their call).
 */
export function requireShiftSupervisor(
  actor: Membership,
  shift: Pick<ShiftRow, 'supervisorId' | 'createdById' | 'callNumber' | 'position'>,
  options: { creatorToo?: boolean } = {},
): void {
  const supervises =
    shift.supervisorId === actor.memberId ||
    ((shift.supervisorId === null || options.creatorToo === true) && shift.createdById === actor.memberId) ||
    actor.roles.includes('SECRETARY');
  if (!supervises)
    throw new DomainError('shift-not-supervisor', { callNumber: shift.callNumber, position: shift.position });
}

/** An active member of the village by number ('member-not-found' otherwise). */
export async function findActiveMember(
  db: Db,
  villageId: number,
  number: number,
): Promise<{ memberId: number; number: number; name: string }> {
  const member = await db.member.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { id: true, status: true, realName: true, number: true },
  });
  if (member?.status !== 'ACTIVE') throw new DomainError('member-not-found', { number });
  return { memberId: member.id, number: member.number, name: displayName(member) };
}

/** Where a waiting sign-up stands: those still waiting ahead of it, plus one. */
export async function waitingPlace(db: Db, shiftId: number, waitlistPosition: number): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ ahead: number }>>`
    SELECT count(*)::int AS ahead FROM "SignUp"
    WHERE "shiftId" = ${shiftId} AND status = 'WAITLISTED' AND "waitlistPosition" < ${waitlistPosition}`;
  return (row?.ahead ?? 0) + 1;
}

export interface OwnSignUp {
  id: number;
  memberId: number;
  status: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED';
  waitlistPosition: number | null;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  noShow: boolean;
}

/** A member's sign-up on a shift, whatever its status, or undefined. */
export async function findSignUp(db: Db, shiftId: number, memberId: number): Promise<OwnSignUp | undefined> {
  const found = await db.signUp.findUnique({
    where: { shiftId_memberId: { shiftId, memberId } },
    select: {
      id: true,
      memberId: true,
      status: true,
      waitlistPosition: true,
      checkInAt: true,
      checkOutAt: true,
      noShow: true,
    },
  });
  return found ?? undefined;
}
