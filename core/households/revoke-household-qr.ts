import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface RevokedHouseholdQr {
  householdId: number;
  number: number;
  name: string;
  /** The new version: every sign printed before carries an older one and is refused from now on. */
  version: number;
}

/**
 * `/qr revoke <household number>`, secretary only: a lost or stolen door sign stops working. One
 * conditional update bumps the household's qrVersion (two revokes at once bump twice: both old signs
 * are refused either way), with an audit row in the same transaction. The new sign comes from
 * `/qr print` or the members' `/qr`.
 */
export async function revokeHouseholdQr(
  db: Db,
  input: { actor: Membership | undefined; householdNumber: number },
): Promise<RevokedHouseholdQr> {
  const actor = requireAllowed(input.actor, 'household-qr.manage');
  const [household] = await db.household.updateManyAndReturn({
    where: { villageId: actor.villageId, number: input.householdNumber },
    data: { qrVersion: { increment: 1 } },
    select: { id: true, number: true, name: true, qrVersion: true },
  });
  if (!household)
    throw new DomainError('household-qr-household-not-found', { number: input.householdNumber });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'household.qr-revoke',
      subject: `household-${household.id}`,
      data: { version: household.qrVersion },
    },
  });
  return {
    householdId: household.id,
    number: household.number,
    name: household.name,
    version: household.qrVersion,
  };
}
