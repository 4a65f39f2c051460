import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName, MEMBER_NAME_SELECT } from './display-name.ts';

/** Audit actions that settle a join request, and what each is called in the "already decided" answer. */
export const DECISION_ACTIONS = {
  'member.approve': 'approved',
  'member.reject': 'rejected',
  'household.confirm': 'confirmed',
  'household.refuse': 'refused',
} as const;
export type DecisionAction = keyof typeof DECISION_ACTIONS;

export const memberSubject = (memberId: number) => `member:${memberId}`;

export async function recordDecision(
  db: Db,
  input: {
    villageId: number;
    actorId: number | null;
    action: DecisionAction | 'member.withdraw';
    memberId: number;
    data?: { householdId: number };
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      villageId: input.villageId,
      actorId: input.actorId,
      action: input.action,
      subject: memberSubject(input.memberId),
      ...(input.data && { data: input.data }),
    },
  });
}

/**
 * The refusal for a button whose request is no longer open: who decided it and how, read from the
 * audit trail (the decision's own record, committed with it), or that the newcomer withdrew.
 */
export async function alreadyDecided(
  db: Db,
  memberId: number,
  actions: readonly DecisionAction[],
): Promise<DomainError> {
  const last = await db.auditEvent.findFirst({
    where: { subject: memberSubject(memberId), action: { in: [...actions, 'member.withdraw'] } },
    orderBy: { id: 'desc' },
    select: { action: true, actor: MEMBER_NAME_SELECT },
  });
  if (!last || last.action === 'member.withdraw' || !last.actor)
    return new DomainError('join-request-closed');
  return new DomainError('join-already-decided', {
    name: displayName(last.actor),
    outcome: DECISION_ACTIONS[last.action as DecisionAction],
  });
}
