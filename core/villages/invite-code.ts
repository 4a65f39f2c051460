import { randomInt } from 'node:crypto';

// No 0/O, 1/I/L: the code is read aloud and copied from paper notices.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const INVITE_CODE_LENGTH = 8;

export function generateInviteCode(): string {
  let code = '';
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

/** Returns the canonical form of a typed code, or undefined when it cannot be one. */
export function normalizeInviteCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  if (code.length !== INVITE_CODE_LENGTH) return undefined;
  for (const char of code) if (!ALPHABET.includes(char)) return undefined;
  return code;
}
