import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { validateLongText, validateShortText } from './validate-text.ts';

const validate = (text: string) => validateShortText(text, { max: 5, error: 'name-invalid' });

describe('validateShortText', () => {
  it('trims and collapses whitespace, drops control characters', () => {
    expect(validate('  谢 \n 启富\u200b ')).toBe('谢 启富');
  });
  it('counts characters as people do, not UTF-16 units', () => {
    expect(validate('😀😀😀😀😀')).toBe('😀😀😀😀😀');
  });
  it('refuses empty text and commands with the given code', () => {
    expect(() => validate('   ')).toThrow(DomainError);
    expect(() => validate('/me')).toThrowError(expect.objectContaining({ code: 'name-invalid' }));
  });
  it('refuses text over the limit, naming the limit', () => {
    expect(() => validate('abcdef')).toThrowError(
      expect.objectContaining({ code: 'text-too-long', params: { max: 5, length: 6 } }),
    );
  });
});

describe('validateLongText', () => {
  it('keeps line breaks, collapses spaces within a line and runs of blank lines', () => {
    expect(validateLongText('  第一行  \r\n第二行\n\n\n\n第三  行 ', { max: 100, error: 'talk-empty' })).toBe(
      '第一行\n第二行\n\n第三 行',
    );
  });

  it('names the limit of a text that is too long', () => {
    expect(() => validateLongText('x'.repeat(11), { max: 10, error: 'talk-empty' })).toThrow(
      expect.objectContaining({ code: 'text-too-long', params: { max: 10, length: 11 } }),
    );
  });
});
