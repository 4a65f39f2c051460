import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from './display-name.ts';
import { alreadyDecided, recordDecision } from './join-decision-record.ts';
import { type Membership, requireAllowed } from './membership.ts';

export interface JoinDecision {
  memberId: number;
  number: number;
  name: string;
  approved: boolean;
}

/**
 * A secretary or cadre approves (→ ACTIVE) or rejects (→ LEFT) a newcomer awaiting approval. The
 * change is conditional on the request still being open, so two deciders at once, or a double tap,
 * decide once; the later one hears who decided.
 */
export async function decideJoin(
  db: Db,
  input: { actor: Membership | undefined; memberId: number; approve: boolean },
): Promise<JoinDecision> {
  const actor = requireAllowed(input.actor, 'member.approve');
  const target = await db.member.findUnique({
    where: { id: input.memberId },
    select: { id: true, villageId: true, number: true, realName: true },
  });
  if (!target || target.villageId !== actor.villageId) throw new DomainError('join-request-not-found');
  const decided = await db.member.updateMany({
    where: { id: target.id, status: 'AWAITING_APPROVAL' },
    // A rejected newcomer is in no household: the next time they join they answer again.
    data: input.approve ? { status: 'ACTIVE' } : { status: 'LEFT', householdId: null },
  });
  if (decided.count === 0) throw await alreadyDecided(db, target.id, ['member.approve', 'member.reject']);
  await recordDecision(db, {
    villageId: actor.villageId,
    actorId: actor.memberId,
    action: input.approve ? 'member.approve' : 'member.reject',
    memberId: target.id,
  });
  return { memberId: target.id, number: target.number, name: displayName(target), approved: input.approve };
}
