import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export const NEGATIVE_REASON_MAX = 200;
export const NEGATIVE_POINTS_MAX = 1000;

export interface NegativeChange {
  id: number;
  /** The listed member: to be told. */
  memberId: number;
  memberNumber: number;
  points: number;
  reason: string;
}

/**
 * Pure: `/negative add <member> <points> <reason…>` or `/negative remove <id>` (and 添加 / 移除),
 * or undefined when the words are neither (answered with the usage).
 */
export function parseNegativeCommand(
  text: string,
):
  | { kind: 'add'; memberNumber: number; points: number; reason: string }
  | { kind: 'remove'; id: number }
  | undefined {
  const added = /^\s*(add|添加|加)\s+(\d{1,6})\s+(\d{1,5})\s+([\s\S]+?)\s*$/i.exec(text);
  if (added) {
    const [, , member = '', points = '', reason = ''] = added;
    return { kind: 'add', memberNumber: Number(member), points: Number(points), reason };
  }
  const removed = /^\s*(remove|移除|删除)\s+(\d{1,9})\s*$/i.exec(text);
  if (removed) return { kind: 'remove', id: Number(removed[2]) };
  return undefined;
}

/**
 * Secretary only: puts a member on the negative list with a reason (1–200 characters, shown to the
 * member in /credit) and the credit points it takes off (1–1000). Audited; the database's CHECKs are
 * the backstop.
 */
export async function addNegativeEntry(
  db: Db,
  input: { actor: Membership | undefined; memberNumber: number; points: number; reason: string },
): Promise<NegativeChange> {
  const actor = requireAllowed(input.actor, 'credit.negative');
  const reason = input.reason.trim();
  if (
    reason.length === 0 ||
    [...reason].length > NEGATIVE_REASON_MAX ||
    !Number.isInteger(input.points) ||
    input.points < 1 ||
    input.points > NEGATIVE_POINTS_MAX
  ) {
    throw new DomainError('credit-negative-invalid', {
      max: NEGATIVE_REASON_MAX,
      points: NEGATIVE_POINTS_MAX,
    });
  }
  const member = await db.member.findFirst({
    where: { villageId: actor.villageId, number: input.memberNumber, status: 'ACTIVE' },
    select: { id: true, number: true },
  });
  if (!member) throw new DomainError('member-not-found', { number: input.memberNumber });
  const entry = await db.negativeListEntry.create({
    data: {
      villageId: actor.villageId,
      memberId: member.id,
      points: input.points,
      reason,
      addedById: actor.memberId,
    },
    select: { id: true },
  });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'credit.negative-add',
      subject: `negative:${entry.id}`,
      data: { memberId: member.id, points: input.points, reason },
    },
  });
  return { id: entry.id, memberId: member.id, memberNumber: member.number, points: input.points, reason };
}

/**
 * Secretary only: takes an entry off the list (kept, marked removed, audited). One conditional
 * update, so two removals at once remove it once; the second is told it is not on the list.
 */
export async function removeNegativeEntry(
  db: Db,
  input: { actor: Membership | undefined; id: number },
): Promise<NegativeChange> {
  const actor = requireAllowed(input.actor, 'credit.negative');
  const { count } = await db.negativeListEntry.updateMany({
    where: { id: input.id, villageId: actor.villageId, removedAt: null },
    data: { removedAt: new Date(), removedById: actor.memberId },
  });
  if (count === 0) throw new DomainError('credit-negative-not-found', { id: input.id });
  const entry = await db.negativeListEntry.findUniqueOrThrow({
    where: { id: input.id },
    select: { memberId: true, points: true, reason: true, member: { select: { number: true } } },
  });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'credit.negative-remove',
      subject: `negative:${input.id}`,
      data: { memberId: entry.memberId },
    },
  });
  return {
    id: input.id,
    memberId: entry.memberId,
    memberNumber: entry.member.number,
    points: entry.points,
    reason: entry.reason,
  };
}
