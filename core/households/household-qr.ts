import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A household's door sign: the deep link `https://t.me/<bot>?start=h_<household>_<version>_<signature>`.
 * The signature is HMAC-SHA256 (QR_SECRET) over the village, the household and the sign's version,
 * base64url, cut to SIGNATURE_LENGTH characters (144 bits: far beyond guessing, and the whole start
 * parameter stays within Telegram's 64 characters of [A-Za-z0-9_-]). The household id alone would let
 * anyone walk the ids; the signature makes a code something only the bot can have made. The version is
 * the household's `qrVersion`: a revoke bumps it, and a sign carrying an older one is refused.
 */

export const HOUSEHOLD_QR_PREFIX = 'h_';
/** base64url characters of the signature kept: 18 bytes of the 32. */
export const SIGNATURE_LENGTH = 24;
/** Telegram's limit on a deep link's `start` parameter. */
export const START_PARAMETER_MAX = 64;

const PAYLOAD = /^h_([1-9]\d{0,9})_([1-9]\d{0,9})_([A-Za-z0-9_-]+)$/;

export interface HouseholdQrSubject {
  villageId: number;
  householdId: number;
  version: number;
}

export interface ParsedHouseholdQr {
  householdId: number;
  version: number;
  signature: string;
}

function signatureOf(secret: string, subject: HouseholdQrSubject): string {
  // A fixed label and separators: the same numbers can never sign anything else this project signs.
  const message = `yingshan-household-qr:v1:${subject.villageId}:${subject.householdId}:${subject.version}`;
  return createHmac('sha256', secret).update(message).digest('base64url').slice(0, SIGNATURE_LENGTH);
}

/** The `start` parameter of a household's sign. */
export function signHouseholdQr(secret: string, subject: HouseholdQrSubject): string {
  for (const value of [subject.villageId, subject.householdId, subject.version])
    if (!Number.isSafeInteger(value) || value < 1 || value > 9_999_999_999)
      throw new RangeError(`not a positive id or version: ${value}`);
  return `${HOUSEHOLD_QR_PREFIX}${subject.householdId}_${subject.version}_${signatureOf(secret, subject)}`;
}

/** The deep link a sign encodes. */
export function householdQrLink(botUsername: string, payload: string): string {
  return `https://t.me/${botUsername}?start=${payload}`;
}

/** Whether a `/start` parameter is meant as a household sign (well formed or not). */
export function looksLikeHouseholdQr(startParameter: string): boolean {
  return startParameter.startsWith(HOUSEHOLD_QR_PREFIX);
}

/** The parts of a well-formed payload; undefined for anything else (a truncated or mangled code). */
export function parseHouseholdQr(payload: string): ParsedHouseholdQr | undefined {
  if (payload.length > START_PARAMETER_MAX) return undefined;
  const match = PAYLOAD.exec(payload);
  if (!match) return undefined;
  const [, household, version, signature] = match as unknown as [string, string, string, string];
  if (signature.length !== SIGNATURE_LENGTH) return undefined;
  return { householdId: Number(household), version: Number(version), signature };
}

/**
 * Whether `parsed` carries the signature of its household and version in `villageId` (the village the
 * household belongs to, read from the database). Compared in constant time. Says nothing about whether
 * the version is the current one: that is the caller's, with the household's row.
 */
export function hasValidSignature(secret: string, parsed: ParsedHouseholdQr, villageId: number): boolean {
  const expected = Buffer.from(
    signatureOf(secret, { villageId, householdId: parsed.householdId, version: parsed.version }),
  );
  const given = Buffer.from(parsed.signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
