import { describe, expect, it } from 'vitest';
import { generateInviteCode, INVITE_CODE_LENGTH, normalizeInviteCode } from './invite-code.ts';

describe('invite codes', () => {
  it('generates codes that normalize to themselves and avoid look-alike characters', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateInviteCode();
      expect(code).toHaveLength(INVITE_CODE_LENGTH);
      expect(code).not.toMatch(/[01OIL]/);
      expect(normalizeInviteCode(code)).toBe(code);
    }
  });
  it('accepts lower case and surrounding spaces, refuses anything else', () => {
    expect(normalizeInviteCode(' abcd2345 ')).toBe('ABCD2345');
    expect(normalizeInviteCode('ABCD234')).toBeUndefined();
    expect(normalizeInviteCode('ABCD2340')).toBeUndefined();
  });
});
