import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { validateShortText } from '../text/validate-text.ts';
import { findRuleInForce } from './find-rule-in-force.ts';

/** One event (a clean-up day, 30 volunteers) is one proposal; more members than this is a typo. */
export const MAX_MEMBERS_PER_PROPOSAL = 100;
export const AWARD_NOTE_MAX = 200;

export interface Proposal {
  /** The id of the first award: the proposal's number, as reviewers see it. */
  batchId: number;
  villageId: number;
  awardIds: number[];
  ruleCode: string;
  points: number;
  /** Who, as the village knows them, in the order given. */
  members: Array<{ memberId: number; number: number; name: string | null }>;
  reason: string;
}

/**
 * A cadre (or the secretary) proposes points under a rule in force for one or more members: one
 * PROPOSED award each, sharing a batch so a reviewer decides the event at once. The points are the
 * rule's, never typed; the reason is the note, else the rule's description. Members are named by
 * their village numbers and must be active members of the proposer's village.
 */
export async function proposeAwards(
  db: Db,
  input: {
    actor: Membership | undefined;
    memberNumbers: readonly number[];
    ruleCode: string;
    note?: string;
    /** A photo sent with `/award` as its caption: the evidence the reviewers see. */
    evidenceFileId?: string;
  },
): Promise<Proposal> {
  const actor = requireAllowed(input.actor, 'points.propose');
  const numbers = [...new Set(input.memberNumbers)];
  if (numbers.length === 0 || numbers.length > MAX_MEMBERS_PER_PROPOSAL)
    throw new DomainError('award-usage', { max: MAX_MEMBERS_PER_PROPOSAL });
  const rule = await findRuleInForce(db, actor.villageId, input.ruleCode);
  const note = input.note?.trim()
    ? validateShortText(input.note, { max: AWARD_NOTE_MAX, error: 'text-too-long' })
    : undefined;
  const found = await db.member.findMany({
    where: { villageId: actor.villageId, number: { in: numbers }, status: 'ACTIVE' },
    select: { id: true, number: true, realName: true },
  });
  const byNumber = new Map(found.map((member) => [member.number, member]));
  const missing = numbers.filter((number) => !byNumber.has(number));
  if (missing.length > 0) throw new DomainError('award-member-not-found', { numbers: missing.join(', ') });
  const members = numbers.map((number) => byNumber.get(number) as (typeof found)[number]);
  await enforceCaps(db, {
    villageId: actor.villageId,
    rule,
    members: members.map((member) => ({ id: member.id, number: member.number })),
  });
  const reason = note ?? rule.descriptionZh;
  const created = await db.pointAward.createManyAndReturn({
    data: members.map((member) => ({
      villageId: actor.villageId,
      memberId: member.id,
      ruleId: rule.id,
      points: rule.points,
      reason,
      proposedById: actor.memberId,
      evidenceFileId: input.evidenceFileId ?? null,
    })),
    select: { id: true },
  });
  const awardIds = created.map((award) => award.id).sort((a, b) => a - b);
  const batchId = awardIds[0];
  if (batchId === undefined) throw new Error('no award was created');
  await db.pointAward.updateMany({ where: { id: { in: awardIds } }, data: { batchId } });
  return {
    batchId,
    villageId: actor.villageId,
    awardIds,
    ruleCode: rule.code,
    points: rule.points,
    members: members.map((member) => ({ memberId: member.id, number: member.number, name: member.realName })),
    reason,
  };
}

/**
 * A rule's caps (at most N awards per member and day, or year, in the village's time zone) count every
 * award under it that is not rejected, proposals included. The count and the new awards are
 * serialised per village and rule by a transaction-scoped advisory lock, so two proposals at once
 * cannot both squeeze under a cap.
 */
async function enforceCaps(
  db: Db,
  input: {
    villageId: number;
    rule: { id: number; code: string; dailyCap: number | null; yearlyCap: number | null };
    members: ReadonlyArray<{ id: number; number: number }>;
  },
): Promise<void> {
  const { rule } = input;
  if (rule.dailyCap === null && rule.yearlyCap === null) return;
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('points-cap'), ${rule.id})`;
  const village = await db.village.findUniqueOrThrow({
    where: { id: input.villageId },
    select: { timezone: true },
  });
  const now = DateTime.now().setZone(village.timezone);
  const windows = [
    { cap: rule.dailyCap, since: now.startOf('day').toJSDate(), code: 'award-daily-cap' as const },
    { cap: rule.yearlyCap, since: now.startOf('year').toJSDate(), code: 'award-yearly-cap' as const },
  ];
  for (const { cap, since, code } of windows) {
    if (cap === null) continue;
    const counts = await db.pointAward.groupBy({
      by: ['memberId'],
      where: {
        villageId: input.villageId,
        ruleId: rule.id,
        memberId: { in: input.members.map((member) => member.id) },
        status: { not: 'REJECTED' },
        createdAt: { gte: since },
      },
      _count: true,
    });
    const used = new Map(counts.map((row) => [row.memberId, row._count]));
    const over = input.members.filter((member) => (used.get(member.id) ?? 0) + 1 > cap);
    if (over.length > 0)
      throw new DomainError(code, {
        code: rule.code,
        cap,
        numbers: over.map((member) => member.number).join(', '),
      });
  }
}
