import { describe, expect, it } from 'vitest';
import {
  hasValidSignature,
  householdQrLink,
  parseHouseholdQr,
  SIGNATURE_LENGTH,
  START_PARAMETER_MAX,
  signHouseholdQr,
} from './household-qr.ts';

const SECRET = 'unit-test-qr-secret-0123';
const subject = { villageId: 7, householdId: 42, version: 1 };

function verify(payload: string, villageId = subject.villageId, secret = SECRET) {
  const parsed = parseHouseholdQr(payload);
  return parsed !== undefined && hasValidSignature(secret, parsed, villageId);
}

describe('household QR payloads', () => {
  it('signs household and version into a start parameter Telegram accepts', () => {
    const payload = signHouseholdQr(SECRET, subject);
    expect(payload).toMatch(new RegExp(`^h_42_1_[A-Za-z0-9_-]{${SIGNATURE_LENGTH}}$`));
    expect(parseHouseholdQr(payload)).toMatchObject({ householdId: 42, version: 1 });
    expect(verify(payload)).toBe(true);
    expect(householdQrLink('yingshan_bot', payload)).toBe(`https://t.me/yingshan_bot?start=${payload}`);
  });

  it('stays within 64 characters for the largest ids and versions', () => {
    const payload = signHouseholdQr(SECRET, {
      villageId: 9_999_999_999,
      householdId: 9_999_999_999,
      version: 9_999_999_999,
    });
    expect(payload.length).toBeLessThanOrEqual(START_PARAMETER_MAX);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(verify(payload, 9_999_999_999)).toBe(true);
  });

  it('is deterministic and differs per household, version, village and secret', () => {
    const payload = signHouseholdQr(SECRET, subject);
    expect(signHouseholdQr(SECRET, subject)).toBe(payload);
    const signatures = new Set(
      [
        signHouseholdQr(SECRET, subject),
        signHouseholdQr(SECRET, { ...subject, householdId: 43 }),
        signHouseholdQr(SECRET, { ...subject, version: 2 }),
        signHouseholdQr(SECRET, { ...subject, villageId: 8 }),
        signHouseholdQr('another-secret-0123456', subject),
      ].map((p) => p.split('_').slice(3).join('_')),
    );
    expect(signatures.size).toBe(5);
  });

  it('refuses a forged signature, another household or version under the same signature, and another village', () => {
    const payload = signHouseholdQr(SECRET, subject);
    const signature = payload.slice('h_42_1_'.length);
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(verify(`h_42_1_${flipped}`)).toBe(false);
    expect(verify(`h_43_1_${signature}`)).toBe(false);
    expect(verify(`h_42_2_${signature}`)).toBe(false);
    expect(verify(payload, 8)).toBe(false);
    expect(verify(payload, subject.villageId, 'another-secret-0123456')).toBe(false);
  });

  it('refuses truncated, padded and malformed codes without throwing', () => {
    const payload = signHouseholdQr(SECRET, subject);
    for (const bad of [
      payload.slice(0, -1),
      `${payload}A`,
      'h_42_1_',
      'h_42_1',
      'h__1_abc',
      `h_042_1_${payload.slice(7)}`,
      `h_0_1_${payload.slice(7)}`,
      'join_ABCDEFGH',
      '',
      `h_42_1_${'A'.repeat(80)}`,
    ])
      expect(verify(bad), bad).toBe(false);
  });

  it('refuses to sign what is not a positive id', () => {
    expect(() => signHouseholdQr(SECRET, { ...subject, version: 0 })).toThrow(RangeError);
    expect(() => signHouseholdQr(SECRET, { ...subject, householdId: 1.5 })).toThrow(RangeError);
  });
});
