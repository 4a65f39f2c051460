import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import type { Membership } from '../members/membership.ts';
import { requireAllowed } from '../members/membership.ts';
import { can } from '../roles/permissions.ts';

/**
 * Who may review points awards: secretaries and supervisors always; a cadre too when the village
 * allows it (`/settings review cadres on`). Never the proposer, which reviewAward checks per award.
 */
export async function requireReviewer(db: Db, actor: Membership | undefined): Promise<Membership> {
  const member = requireAllowed(actor, 'profile.view');
  if (can(member.roles, 'points.review')) return member;
  if (member.roles.includes('CADRE')) {
    const village = await db.village.findUniqueOrThrow({
      where: { id: member.villageId },
      select: { cadresReviewAwards: true },
    });
    if (village.cadresReviewAwards) return member;
  }
  throw new DomainError('forbidden');
}
