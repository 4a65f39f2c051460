import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import type { Membership } from '../members/membership.ts';
import { type AppendedEntry, appendLedgerEntries } from '../points/ledger.ts';
import { can } from '../roles/permissions.ts';
import { settledError } from './release-redemption.ts';

/** A redemption as the shopkeeper sees it after scanning its code. */
export interface RedemptionView {
  redemptionId: number;
  status: 'RESERVED' | 'FULFILLED' | 'CANCELLED' | 'EXPIRED';
  itemNumber: number;
  itemName: string;
  price: number;
  memberId: number;
  memberNumber: number;
  memberName: string | null;
  householdName: string | null;
  expiresAt: Date;
}

function requireShopkeeper(actor: Membership | undefined): Membership {
  if (actor?.status !== 'ACTIVE') throw new DomainError('not-member');
  // A villager who scans a code (their own, say) is told who can use it, not just "not allowed".
  if (!can(actor.roles, 'shop.fulfil')) throw new DomainError('shop-not-shopkeeper');
  return actor;
}

/**
 * The shopkeeper scanned a code (`/start r_<code>`, `/redeem <code>`): what it is for and whose it is.
 * A code of another village is unknown here, like a made-up one.
 */
export async function showRedemption(
  db: Db,
  input: { actor: Membership | undefined; code: string },
): Promise<RedemptionView> {
  const actor = requireShopkeeper(input.actor);
  const row = await db.redemption.findUnique({
    where: { code: input.code },
    select: {
      id: true,
      villageId: true,
      status: true,
      price: true,
      expiresAt: true,
      item: { select: { number: true, name: true } },
      member: { select: { id: true, number: true, realName: true, household: { select: { name: true } } } },
    },
  });
  if (!row || row.villageId !== actor.villageId) throw new DomainError('shop-code-unknown');
  return {
    redemptionId: row.id,
    status: row.status,
    itemNumber: row.item.number,
    itemName: row.item.name,
    price: row.price,
    memberId: row.member.id,
    memberNumber: row.member.number,
    memberName: row.member.realName,
    householdName: row.member.household?.name ?? null,
    expiresAt: row.expiresAt,
  };
}

export interface Fulfilled {
  redemptionId: number;
  memberId: number;
  itemName: string;
  price: number;
  entry: AppendedEntry;
}

/**
 * The shopkeeper hands the goods over. One conditional update RESERVED → FULFILLED (a second press, a
 * replayed code or a scan racing the expiry finds it settled and is refused), then, in the same
 * transaction, the ledger's debit (−price, naming the redemption: the unique redemptionId makes a
 * second debit impossible anyway) through the village's chain, and the points it held are released:
 * the balance and the reservation drop together, so what the member may spend is unchanged.
 */
export async function fulfilRedemption(
  db: Db,
  input: { actor: Membership | undefined; redemptionId: number; now?: Date },
): Promise<Fulfilled> {
  const actor = requireShopkeeper(input.actor);
  const now = input.now ?? new Date();
  const [done] = await db.$queryRaw<{ memberId: number; itemId: number; price: number }[]>`
    UPDATE "Redemption" SET status = 'FULFILLED', "handledById" = ${actor.memberId}, "settledAt" = ${now}
    WHERE id = ${input.redemptionId} AND "villageId" = ${actor.villageId} AND status = 'RESERVED'
    RETURNING "memberId", "itemId", price`;
  if (!done) {
    const found = await db.redemption.findUnique({
      where: { villageId_id: { villageId: actor.villageId, id: input.redemptionId } },
      select: { status: true },
    });
    if (!found) throw new DomainError('shop-code-unknown');
    throw settledError(found.status);
  }
  const [item, member] = await Promise.all([
    db.shopItem.findUniqueOrThrow({ where: { id: done.itemId }, select: { name: true } }),
    db.member.findUniqueOrThrow({ where: { id: done.memberId }, select: { householdId: true } }),
  ]);
  const [entry] = await appendLedgerEntries(
    db,
    actor.villageId,
    [
      {
        memberId: done.memberId,
        householdId: member.householdId,
        amount: -done.price,
        reason: item.name,
        ruleCode: 'shop',
        redemptionId: input.redemptionId,
      },
    ],
    now,
  );
  if (!entry) throw new Error(`redemption ${input.redemptionId} was not debited`);
  await db.$executeRaw`
    UPDATE "MemberPoints" SET reserved = reserved - ${done.price}
    WHERE "villageId" = ${actor.villageId} AND "memberId" = ${done.memberId}`;
  return {
    redemptionId: input.redemptionId,
    memberId: done.memberId,
    itemName: item.name,
    price: done.price,
    entry,
  };
}
