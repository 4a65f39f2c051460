import { describe, expect, it } from 'vitest';
import { readLoanSetting } from './loan-settings.ts';
import { parseNegativeCommand } from './negative-list.ts';

describe('parseNegativeCommand', () => {
  it('reads add and remove in both languages, the reason as written', () => {
    expect(parseNegativeCommand('add 7 100 拒不履行 赡养义务')).toEqual({
      kind: 'add',
      memberNumber: 7,
      points: 100,
      reason: '拒不履行 赡养义务',
    });
    expect(parseNegativeCommand('添加 7 50 缠访闹访')).toMatchObject({ kind: 'add', points: 50 });
    expect(parseNegativeCommand('remove 12')).toEqual({ kind: 'remove', id: 12 });
    expect(parseNegativeCommand('移除 12')).toEqual({ kind: 'remove', id: 12 });
  });

  it('gives undefined for anything else', () => {
    for (const text of ['', 'add 7 100', 'add x 100 reason', 'remove', 'remove 1 2', 'list']) {
      expect(parseNegativeCommand(text)).toBeUndefined();
    }
  });
});

describe('readLoanSetting', () => {
  it('reads any of the four numbers, percentage points as hundredths', () => {
    expect(readLoanSetting(['loan', 'step=100', 'off=0.1', 'cap=1', 'top=20'])).toEqual({
      stepPoints: 100,
      stepHundredths: 10,
      capHundredths: 100,
      topPercent: 20,
    });
    expect(readLoanSetting(['贷款', '最多=1.5', '前=10%'])).toEqual({ capHundredths: 150, topPercent: 10 });
    expect(readLoanSetting(['loan', 'off=0.05'])).toEqual({ stepHundredths: 5 });
  });

  it('gives undefined for other settings and malformed values', () => {
    for (const args of [
      ['quiet', 'off'],
      ['loan'],
      ['loan', 'off=0.125'],
      ['loan', 'rate=2'],
      ['loan', 'top=-1'],
    ]) {
      expect(readLoanSetting(args)).toBeUndefined();
    }
  });
});
