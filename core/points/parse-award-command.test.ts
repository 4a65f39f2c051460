import { describe, expect, it } from 'vitest';
import { parseAwardCommand } from './parse-award-command.ts';

describe('parseAwardCommand', () => {
  it('reads numbers (spaces, commas, ranges), the code, and the note as typed', () => {
    expect(parseAwardCommand('3 help-neighbour 帮谢家 收稻谷')).toEqual({
      memberNumbers: [3],
      ruleCode: 'help-neighbour',
      note: '帮谢家 收稻谷',
    });
    expect(parseAwardCommand('3,5，7 9-11 volunteer-hour')).toEqual({
      memberNumbers: [3, 5, 7, 9, 10, 11],
      ruleCode: 'volunteer-hour',
      note: '',
    });
    expect(parseAwardCommand('#4 Army')).toEqual({ memberNumbers: [4], ruleCode: 'army', note: '' });
  });

  it('refuses what it cannot read', () => {
    for (const text of ['', 'help-neighbour 3', '3', '3 帮忙', '0 army', '9-3 army', '1-500 army'])
      expect(parseAwardCommand(text)).toBeUndefined();
  });
});
