import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { parsePointRuleCommand } from './parse-point-rule-command.ts';
import { parseDescription } from './point-rule-values.ts';

const refusal = (text: string) => {
  try {
    parsePointRuleCommand(text);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error(`"${text}" was accepted`);
};

describe('parsePointRuleCommand', () => {
  it('reads add with caps and a description in one language', () => {
    expect(parsePointRuleCommand('add Help-Neighbour +8 daily=1 yearly=20 帮助邻居 搬家')).toEqual({
      action: 'add',
      code: 'help-neighbour',
      points: 8,
      caps: { daily: 1, yearly: 20 },
      description: { zh: '帮助邻居 搬家', en: '帮助邻居 搬家' },
    });
  });

  it('reads edit with a removed cap and no description, and retire', () => {
    expect(parsePointRuleCommand('edit littering −10 daily=none')).toEqual({
      action: 'edit',
      code: 'littering',
      points: -10,
      caps: { daily: null },
      description: undefined,
    });
    expect(parsePointRuleCommand('停用 fighting')).toEqual({ action: 'retire', code: 'fighting' });
  });

  it('refuses what it cannot read, each with its own reason', () => {
    expect(refusal('')).toBe('point-rule-usage');
    expect(refusal('remove fighting')).toBe('point-rule-usage');
    expect(refusal('retire fighting now')).toBe('point-rule-usage');
    expect(refusal('add x_y 5 Something')).toBe('point-rule-code-invalid');
    expect(refusal('add x 0 Something')).toBe('point-rule-points-invalid');
    expect(refusal('add x 2.5 Something')).toBe('point-rule-points-invalid');
    expect(refusal('add x five Something')).toBe('point-rule-points-invalid');
    expect(refusal('add x 10001 Something')).toBe('point-rule-points-invalid');
    expect(refusal('add x 5 daily=0 Something')).toBe('point-rule-cap-invalid');
    expect(refusal('add x 5 weekly=3 Something')).toBe('point-rule-cap-invalid');
    expect(refusal('add x 5 daily=1 daily=2 Something')).toBe('point-rule-cap-invalid');
    expect(refusal('add x 5')).toBe('point-rule-description-invalid');
    expect(refusal(`add x 5 ${'长'.repeat(101)}`)).toBe('text-too-long');
  });
});

describe('parseDescription', () => {
  it('gives each language its own text when tagged, in either order', () => {
    expect(parseDescription('zh:帮助邻居 en:Helping a neighbour')).toEqual({
      zh: '帮助邻居',
      en: 'Helping a neighbour',
    });
    expect(parseDescription('en: Helping  zh：帮助')).toEqual({ en: 'Helping', zh: '帮助' });
    expect(parseDescription('en:Helping only')).toEqual({ en: 'Helping only' });
  });

  it('treats a tag inside the text as text', () => {
    expect(parseDescription('Helping en:route')).toEqual({ zh: 'Helping en:route', en: 'Helping en:route' });
  });
});
