import { createHash } from 'node:crypto';

/** The prevHash of a village's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every field a villager's points depend on, and the link to the one before. */
export interface HashedEntry {
  villageId: number;
  sequence: number;
  memberId: number;
  householdId: number | null;
  amount: number;
  reason: string;
  ruleCode: string | null;
  awardId: number | null;
  redemptionId: number | null;
  reversesId: bigint | null;
  createdAt: Date;
  prevHash: string;
}

/**
 * The canonical encoding: a JSON array in a fixed field order, led by a format version, so the same
 * entry always encodes to the same bytes (no key order, no locale, times in UTC with milliseconds).
 * Pure and documented, so anyone can recompute a chain from an export with a few lines of code.
 */
export function encodeEntry(entry: HashedEntry): string {
  return JSON.stringify([
    'yingshan-ledger-v1',
    entry.villageId,
    entry.sequence,
    entry.memberId,
    entry.householdId,
    entry.amount,
    entry.reason,
    entry.ruleCode,
    entry.awardId,
    entry.redemptionId,
    entry.reversesId === null ? null : entry.reversesId.toString(),
    entry.createdAt.toISOString(),
    entry.prevHash,
  ]);
}

/** SHA-256 of the canonical encoding, hex. */
export function hashEntry(entry: HashedEntry): string {
  return createHash('sha256').update(encodeEntry(entry)).digest('hex');
}

/** The short form every notice of an entry carries: its first 8 hex digits. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8);
}
