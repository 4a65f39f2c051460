import { DateTime } from 'luxon';
import type { CallAudience, CallStatus } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

/**
 * A call as its messages show it (the invites, the group post, the cadre's progress message, the bot's
 * /calls and preview): read by the worker when it sends or edits, so a late or repeated job shows the
 * call as it is then. The renderers (bot/render/call-card.ts) take the `CallCardView` part only, which
 * the bot can also build from a draft.
 */

export interface ShiftView {
  position: number;
  place: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  taken: number;
}

export interface CallCardView {
  number: number;
  title: string;
  description: string | null;
  pointsPerHour: number;
  urgent: boolean;
  signupClosesAt: Date;
  /** Sign-ups still taken: OPEN, and before signupClosesAt. */
  isOpen: boolean;
  timezone: string;
  shifts: ShiftView[];
}

export interface CallCard extends CallCardView {
  callId: number;
  villageId: number;
  status: CallStatus;
  audience: CallAudience;
  paidBroadcast: boolean;
  recipients: number;
  createdAt: Date;
  fanoutAt: Date | null;
  groupChatId: bigint | null;
  groupMessageId: number | null;
  progressChatId: bigint | null;
  progressMessageId: number | null;
  /** The cadre who launched it: where the progress message goes. */
  creatorUserId: bigint;
  inviteFullMask: number;
  inviteRound: number;
  shifts: (ShiftView & { shiftId: number; filledAt: Date | null })[];
}

export async function loadCallCard(db: Db, callId: number, now = new Date()): Promise<CallCard | undefined> {
  const call = await db.volunteerCall.findUnique({
    where: { id: callId },
    include: {
      village: { select: { timezone: true, groupChatId: true } },
      createdBy: { select: { userId: true } },
      shifts: {
        orderBy: { position: 'asc' },
        select: {
          id: true,
          position: true,
          place: true,
          startsAt: true,
          endsAt: true,
          capacity: true,
          taken: true,
          filledAt: true,
        },
      },
    },
  });
  if (!call) return undefined;
  return {
    callId: call.id,
    villageId: call.villageId,
    number: call.number,
    title: call.title,
    description: call.description,
    pointsPerHour: call.pointsPerHour,
    urgent: call.urgent,
    signupClosesAt: call.signupClosesAt,
    isOpen: call.status === 'OPEN' && call.signupClosesAt > now,
    timezone: call.village.timezone,
    status: call.status,
    audience: call.audience,
    paidBroadcast: call.paidBroadcast,
    recipients: call.recipients,
    createdAt: call.createdAt,
    fanoutAt: call.fanoutAt,
    groupChatId: call.village.groupChatId,
    groupMessageId: call.groupMessageId,
    progressChatId: call.progressChatId,
    progressMessageId: call.progressMessageId,
    creatorUserId: call.createdBy.userId,
    inviteFullMask: call.inviteFullMask,
    inviteRound: call.inviteRound,
    shifts: call.shifts.map(({ id, ...shift }) => ({ shiftId: id, ...shift })),
  };
}

/** Which shifts are full, as a bit mask (bit n-1 for shift n): what the invites must show. */
export function fullMaskOf(shifts: readonly { position: number; taken: number; capacity: number }[]): number {
  return shifts.reduce(
    (mask, shift) => (shift.taken >= shift.capacity ? mask | (1 << (shift.position - 1)) : mask),
    0,
  );
}

/**
 * A shift's time in the village's zone, numeric and language-neutral: "12-02 08:00–12:00", or
 * "12-02 22:00–12-03 02:00" over midnight.
 */
export function formatShiftTime(startsAt: Date, endsAt: Date, timezone: string): string {
  const start = inVillageZone(startsAt, timezone);
  const end = DateTime.fromJSDate(endsAt, { zone: start.zone });
  const sameDay = start.hasSame(end, 'day');
  return `${start.toFormat('MM-dd HH:mm')}–${end.toFormat(sameDay ? 'HH:mm' : 'MM-dd HH:mm')}`;
}

/** A moment in the village's zone, as the progress message names the end of the quiet hours. */
export function formatCallTime(at: Date, timezone: string): string {
  return inVillageZone(at, timezone).toFormat('MM-dd HH:mm');
}

/** The moment in the village's zone, or in China's when the stored zone is not one luxon knows. */
function inVillageZone(at: Date, timezone: string): DateTime {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  return local.isValid ? local : DateTime.fromJSDate(at, { zone: 'Asia/Shanghai' });
}

/** How far a call's invites have gone: sent, failed for good (blocked, refused), of all recipients. */
export async function countInvites(
  db: Db,
  callId: number,
): Promise<{ sent: number; failed: number; pending: number }> {
  const rows = await db.volunteerCallInvite.groupBy({
    by: ['status'],
    where: { callId },
    _count: { _all: true },
  });
  const count = (statuses: string[]) =>
    rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row._count._all, 0);
  return { sent: count(['SENT']), failed: count(['FAILED', 'UNREACHABLE']), pending: count(['PENDING']) };
}

/** The village's calls still taking sign-ups, newest first (at most `limit`), for /calls. */
export async function listOpenCalls(
  db: Db,
  input: { actor: Membership | undefined; limit?: number; now?: Date },
): Promise<CallCard[]> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  const now = input.now ?? new Date();
  const calls = await db.volunteerCall.findMany({
    where: { villageId: actor.villageId, status: 'OPEN', signupClosesAt: { gt: now } },
    orderBy: { number: 'desc' },
    take: input.limit ?? 5,
    select: { id: true },
  });
  const cards = await Promise.all(calls.map((call) => loadCallCard(db, call.id, now)));
  return cards.filter((card): card is CallCard => card !== undefined);
}
