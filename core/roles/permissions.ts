import type { Role } from '../../prisma/generated/enums.ts';

export type { Role };

export const ROLES = [
  'VILLAGER',
  'CADRE',
  'SECRETARY',
  'SUPERVISOR',
  'SHOPKEEPER',
] as const satisfies readonly Role[];

/** Everything a member may be allowed to do. Features add their actions here, next to who may do them. */
export type Action =
  | 'profile.view'
  | 'role.grant'
  | 'role.revoke'
  | 'group.link'
  | 'village.settings'
  | 'village.invite'
  | 'village.invite-rotate'
  | 'member.approve'
  | 'talk.speak'
  | 'talk.speak-for'
  | 'talk.handle'
  | 'talk.progress'
  | 'talk.restore'
  | 'vote.launch'
  | 'vote.cast'
  | 'vote.proxy'
  | 'vote.comment'
  | 'points.propose'
  | 'points.review'
  | 'points.rules'
  | 'volunteer.post'
  | 'volunteer.join'
  | 'volunteer.supervise'
  | 'shop.fulfil'
  | 'shop.manage'
  | 'shop.redeem'
  | 'points.appeal'
  | 'points.appeal.decide'
  | 'household-qr.show'
  | 'household-qr.manage'
  | 'credit.view-others'
  | 'credit.negative'
  | 'credit.export';

const ALLOWED: Record<Action, readonly Role[]> = {
  'profile.view': ROLES,
  'role.grant': ['SECRETARY'],
  'role.revoke': ['SECRETARY'],
  'group.link': ['SECRETARY'],
  'village.settings': ['SECRETARY'],
  // Cadres hand the link out in person; only the secretary can make it stop working.
  'village.invite': ['CADRE', 'SECRETARY'],
  'village.invite-rotate': ['SECRETARY'],
  'member.approve': ['CADRE', 'SECRETARY'],
  'talk.speak': ROLES,
  'talk.speak-for': ['CADRE', 'SECRETARY'],
  'talk.handle': ['SECRETARY'],
  'talk.progress': ['CADRE', 'SECRETARY'],
  // The supervisors watch the secretary's hiding: they read what was hidden and may restore it.
  'talk.restore': ['SUPERVISOR'],
  'vote.launch': ['SECRETARY'],
  // Whether a member may vote in a given vote is the electorate's (fixed at launch), checked in core.
  'vote.cast': ROLES,
  // For villagers without a phone: a cadre or the secretary records their vote, marked as theirs.
  'vote.proxy': ['CADRE', 'SECRETARY'],
  'vote.comment': ROLES,
  'points.propose': ['CADRE', 'SECRETARY'],
  'points.review': ['SECRETARY', 'SUPERVISOR'],
  // The table is the village's published law on points: one office changes it, every change announced.
  'points.rules': ['SECRETARY'],
  'volunteer.post': ['CADRE', 'SECRETARY'],
  // Whether a member may take a given shift (open, not started, no overlap) is checked in core.
  'volunteer.join': ROLES,
  'volunteer.supervise': ['SUPERVISOR', 'CADRE', 'SECRETARY'],
  'shop.fulfil': ['SHOPKEEPER', 'SECRETARY'],
  // The shop's shelf (items, prices, stock) is the shopkeeper's, with the secretary as a stand-in.
  'shop.manage': ['SHOPKEEPER', 'SECRETARY'],
  // Whether a member can afford an item is the ledger's, checked in core.
  'shop.redeem': ROLES,
  // Anyone may appeal an award made to them (core checks it is theirs); the secretary decides.
  'points.appeal': ROLES,
  'points.appeal.decide': ['SECRETARY'],
  // Any member shows their own household's sign; printing every sign and revoking a lost one is the
  // secretary's, who keeps the village's door signs.
  'household-qr.show': ROLES,
  'household-qr.manage': ['SECRETARY'],
  // A member's credit score is theirs; the secretary keeps the negative list and hands the bank its list.
  'credit.view-others': ['SECRETARY'],
  'credit.negative': ['SECRETARY'],
  'credit.export': ['SECRETARY'],
};

export function can(roles: readonly Role[], action: Action): boolean {
  return ALLOWED[action].some((role) => roles.includes(role));
}

/** Role names as people type them after /grant, in either language. */
const ROLE_ALIASES: Record<string, Role> = {
  villager: 'VILLAGER',
  村民: 'VILLAGER',
  cadre: 'CADRE',
  村干部: 'CADRE',
  干部: 'CADRE',
  secretary: 'SECRETARY',
  书记: 'SECRETARY',
  村书记: 'SECRETARY',
  supervisor: 'SUPERVISOR',
  监督员: 'SUPERVISOR',
  shopkeeper: 'SHOPKEEPER',
  店主: 'SHOPKEEPER',
  积分超市: 'SHOPKEEPER',
};

export function parseRole(text: string): Role | undefined {
  return ROLE_ALIASES[text.trim().toLowerCase()];
}
