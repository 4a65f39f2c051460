import type { CallAudience } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import { fanoutTime } from './quiet-hours.ts';
import { type ValidCallDraft, validateCallDraft } from './validate-call-draft.ts';
import type { CallDraft } from './volunteer-types.ts';

/** A paid broadcast costs a tenth of a Star per message (Telegram's price for allow_paid_broadcast). */
export const PAID_COST_TENTHS_PER_MESSAGE = 1;

export interface LaunchedCall {
  callId: number;
  number: number;
  villageId: number;
  title: string;
  shifts: { shiftId: number; position: number; startsAt: Date; endsAt: Date }[];
  /** Members invited (one VolunteerCallInvite each). */
  recipients: number;
  /** When the invites go out: now, or the end of the village's quiet hours for a call that is not urgent. */
  fanoutAt: Date;
  /** Reserved from the village's paid-broadcast budget (0 unless paid). */
  paidCostTenths: number;
}

export interface CallQuote {
  recipients: number;
  /** Whether this call could be sent as a paid broadcast now: urgent, enabled, and within the budget. */
  paidAvailable: boolean;
  paidCostTenths: number;
  budgetLeftTenths: number;
}

/**
 * Who a call reaches: the village's active members whose preference takes it (every call for ON, and
 * VOLUNTEER; volunteers-only calls for VOLUNTEER only), never its creator. The same condition for the
 * quote and the invites, in SQL (`m` is "Member").
 */
const AUDIENCE_PREFERENCES: Record<CallAudience, string[]> = {
  MEMBERS: ['ON', 'VOLUNTEER'],
  VOLUNTEERS: ['VOLUNTEER'],
};

/** Tenths of a Star as people read Stars: 12 → "1.2". */
export const starsOf = (tenths: number) => (tenths / 10).toFixed(1);

/**
 * Launches a volunteer call in the caller's transaction (the bot's update, which also owes its timers
 * and jobs through worker/volunteers-schedule.ts): checks the draft and the shifts' supervisors, takes
 * the village's next call number, writes the call and its shifts, fixes whom it goes to (one
 * INSERT … SELECT of invites, so a village of 20,000 costs one statement) and, for a paid broadcast,
 * reserves its cost from the village's budget with one conditional update (two launches racing for the
 * last of the budget: the second re-reads the row the first updated and is refused; the CHECK on
 * Village is the backstop).
 */
export async function createCall(
  db: Db,
  input: { actor: Membership | undefined; draft: CallDraft; now?: Date },
): Promise<LaunchedCall> {
  const actor = requireAllowed(input.actor, 'volunteer.post');
  const now = input.now ?? new Date();
  const draft = validateCallDraft(input.draft, now);
  const villageId = actor.villageId;

  const village = await db.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { timezone: true, quietHoursStart: true, quietHoursEnd: true, paidBroadcastEnabled: true },
  });
  if (draft.paidBroadcast && !village.paidBroadcastEnabled) throw new DomainError('call-paid-not-enabled');
  const supervisors = await findSupervisors(db, villageId, draft);

  const number = await allocateNumber(db, villageId, 'nextCallNumber');
  const fanoutAt = fanoutTime(now, village, draft.urgent);
  const call = await db.volunteerCall.create({
    data: {
      villageId,
      number,
      title: draft.title,
      description: draft.description,
      pointsPerHour: draft.pointsPerHour,
      audience: draft.audience,
      urgent: draft.urgent,
      paidBroadcast: draft.paidBroadcast,
      signupClosesAt: draft.signupClosesAt,
      createdById: actor.memberId,
      fanoutAt,
      createdAt: now,
    },
    select: { id: true },
  });
  await db.volunteerShift.createMany({
    data: draft.shifts.map((shift) => ({
      villageId,
      callId: call.id,
      position: shift.position,
      place: shift.place,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
      capacity: shift.capacity,
      supervisorId:
        shift.supervisorNumber === null ? null : (supervisors.get(shift.supervisorNumber) ?? null),
    })),
  });
  const shifts = await db.volunteerShift.findMany({
    where: { callId: call.id },
    orderBy: { position: 'asc' },
    select: { id: true, position: true, startsAt: true, endsAt: true },
  });

  const preferences = AUDIENCE_PREFERENCES[draft.audience];
  const recipients = await db.$executeRaw`
    INSERT INTO "VolunteerCallInvite" ("callId", "villageId", "memberId", "chatId")
    SELECT ${call.id}::int, m."villageId", m.id, m."userId"
    FROM "Member" m
    WHERE m."villageId" = ${villageId}::int AND m.status = 'ACTIVE' AND m.id <> ${actor.memberId}::int
      AND m."callPreference"::text = ANY(${preferences}::text[])`;

  const paidCostTenths = draft.paidBroadcast ? recipients * PAID_COST_TENTHS_PER_MESSAGE : 0;
  if (paidCostTenths > 0) await reserveBudget(db, villageId, paidCostTenths);
  await db.volunteerCall.update({ where: { id: call.id }, data: { recipients, paidCostTenths } });

  return {
    callId: call.id,
    number,
    villageId,
    title: draft.title,
    shifts: shifts.map((shift) => ({
      shiftId: shift.id,
      position: shift.position,
      startsAt: shift.startsAt,
      endsAt: shift.endsAt,
    })),
    recipients,
    fanoutAt,
    paidCostTenths,
  };
}

/**
 * What a call would cost before the cadre sends it: how many it reaches, and whether a paid broadcast
 * is possible (urgent, enabled in the village, within what is left of the budget).
 */
export async function quoteCall(
  db: Db,
  input: { actor: Membership | undefined; audience: CallAudience; urgent: boolean },
): Promise<CallQuote> {
  const actor = requireAllowed(input.actor, 'volunteer.post');
  const preferences = AUDIENCE_PREFERENCES[input.audience];
  const [row] = await db.$queryRaw<{ recipients: number }[]>`
    SELECT count(*)::int AS recipients
    FROM "Member" m
    WHERE m."villageId" = ${actor.villageId}::int AND m.status = 'ACTIVE' AND m.id <> ${actor.memberId}::int
      AND m."callPreference"::text = ANY(${preferences}::text[])`;
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: true, paidBroadcastSpentTenths: true },
  });
  const recipients = row?.recipients ?? 0;
  const paidCostTenths = recipients * PAID_COST_TENTHS_PER_MESSAGE;
  const budgetLeftTenths = Math.max(
    0,
    village.paidBroadcastBudgetStars * 10 - village.paidBroadcastSpentTenths,
  );
  return {
    recipients,
    paidAvailable: input.urgent && village.paidBroadcastEnabled && paidCostTenths <= budgetLeftTenths,
    paidCostTenths,
    budgetLeftTenths,
  };
}

/** Supervisors named by member number: each an active cadre or secretary of the village. */
async function findSupervisors(
  db: Db,
  villageId: number,
  draft: ValidCallDraft,
): Promise<Map<number, number>> {
  const numbers = [
    ...new Set(
      draft.shifts.flatMap((shift) => (shift.supervisorNumber === null ? [] : [shift.supervisorNumber])),
    ),
  ];
  if (numbers.length === 0) return new Map();
  const found = await db.member.findMany({
    where: {
      villageId,
      number: { in: numbers },
      status: 'ACTIVE',
      roles: { some: { role: { in: ['CADRE', 'SECRETARY'] } } },
    },
    select: { id: true, number: true },
  });
  const byNumber = new Map(found.map((member) => [member.number, member.id]));
  const missing = numbers.find((number) => !byNumber.has(number));
  if (missing !== undefined) throw new DomainError('call-supervisor-not-cadre', { number: missing });
  return byNumber;
}

/** Reserves `cost` tenths of a Star: one conditional update, refused when the budget would be exceeded. */
async function reserveBudget(db: Db, villageId: number, cost: number): Promise<void> {
  const reserved = await db.$queryRaw<{ spent: number }[]>`
    UPDATE "Village" SET "paidBroadcastSpentTenths" = "paidBroadcastSpentTenths" + ${cost}::int
    WHERE id = ${villageId}::int AND "paidBroadcastEnabled"
      AND "paidBroadcastSpentTenths" + ${cost}::int <= "paidBroadcastBudgetStars" * 10
    RETURNING "paidBroadcastSpentTenths" AS spent`;
  if (reserved.length === 1) return;
  const village = await db.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { paidBroadcastBudgetStars: true, paidBroadcastSpentTenths: true },
  });
  const left = Math.max(0, village.paidBroadcastBudgetStars * 10 - village.paidBroadcastSpentTenths);
  throw new DomainError('call-paid-over-budget', { cost: starsOf(cost), left: starsOf(left) });
}
