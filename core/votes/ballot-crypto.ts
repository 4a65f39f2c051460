import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Whose ballot a member casts: their own ("m<memberId>"), or under one vote per household their
 * household's ("h<householdId>"), so a household's members replace each other's ballot.
 */
export function ballotHolder(input: {
  perHousehold: boolean;
  memberId: number;
  householdId: number | null;
}): string {
  if (input.perHousehold && input.householdId !== null) return `h${input.householdId}`;
  return `m${input.memberId}`;
}

/** 32 random bytes: the secret vote's key, kept only while the vote is open. */
export function newBallotKey(): Uint8Array<ArrayBuffer> {
  const key = new Uint8Array(32);
  key.set(randomBytes(32));
  return key;
}

/**
 * The name a ballot is stored under. Open vote: the holder itself, so the result can list names.
 * Secret vote: HMAC-SHA256 of the holder under the vote's key; while the key exists the server can
 * recompute it (that is how a member's second ballot replaces the first), and once the close destroys
 * the key nobody can, the operator included.
 */
export function ballotPseudonym(
  vote: { secret: boolean; ballotKey: Uint8Array | null },
  holder: string,
): string {
  if (!vote.secret) return holder;
  if (!vote.ballotKey) throw new Error('a secret vote without its key is closed; no ballot can be cast');
  return createHmac('sha256', vote.ballotKey).update(holder).digest('base64url');
}

export const RECEIPT_LENGTH = 10;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * The voter's receipt: 10 base32 characters (50 bits: two alike among 20,000 ballots is a one-in-five-
 * million chance, and the unique index refuses it) of SHA-256 over the ballot (pseudonym and
 * choice) and 16 random bytes, so it names this ballot and no other, and reveals neither the voter nor
 * (before the list is published) the choice. After the close the list of receipts with their choices
 * is published: each voter finds theirs, and anyone can recount.
 */
export function ballotReceipt(pseudonym: string, position: number): string {
  const digest = createHash('sha256')
    .update(pseudonym)
    .update(`\u0000${position}\u0000`)
    .update(randomBytes(16))
    .digest();
  let bits = 0;
  let value = 0;
  let receipt = '';
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && receipt.length < RECEIPT_LENGTH) {
      receipt += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (receipt.length === RECEIPT_LENGTH) break;
  }
  return receipt;
}
