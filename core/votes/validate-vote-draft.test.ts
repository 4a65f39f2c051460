import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { ballotHolder, ballotPseudonym, ballotReceipt, newBallotKey } from './ballot-crypto.ts';
import { parseVoteDuration, validateVoteDraft } from './validate-vote-draft.ts';
import type { VoteDraft } from './vote-types.ts';

const base: VoteDraft = { title: ' 禁止大操大办 ', body: '本村不再办婚前宴。', kind: 'NEW_RULE' };

function refusal(draft: Partial<VoteDraft>): string {
  try {
    validateVoteDraft({ ...base, ...draft });
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('validateVoteDraft', () => {
  it('fills in the defaults: for / against / abstain, five days, open, no quorum, majority, every member', () => {
    expect(validateVoteDraft(base)).toEqual({
      title: '禁止大操大办',
      body: '本村不再办婚前宴。',
      kind: 'NEW_RULE',
      ruleNumber: null,
      pointRuleChange: null,
      talkItemNumber: null,
      options: [
        { meaning: 'FOR', label: null },
        { meaning: 'AGAINST', label: null },
        { meaning: 'ABSTAIN', label: null },
      ],
      durationMinutes: 7200,
      secret: false,
      quorumPercent: null,
      threshold: 'MAJORITY',
      electorate: 'MEMBERS',
      listMemberNumbers: [],
    });
  });

  it('refuses what a secretary can fix, with the reason', () => {
    expect(refusal({ title: '' })).toBe('vote-title-invalid');
    expect(refusal({ title: '字'.repeat(101) })).toBe('text-too-long');
    expect(refusal({ body: '/cancel' })).toBe('vote-body-invalid');
    expect(refusal({ body: '字'.repeat(2001) })).toBe('text-too-long');
    expect(refusal({ durationMinutes: 59 })).toBe('vote-duration-invalid');
    expect(refusal({ durationMinutes: 60 })).toBe('ok');
    expect(refusal({ durationMinutes: 43_200 })).toBe('ok');
    expect(refusal({ durationMinutes: 43_201 })).toBe('vote-duration-invalid');
    expect(refusal({ quorumPercent: 0 })).toBe('vote-quorum-invalid');
    expect(refusal({ quorumPercent: 100 })).toBe('ok');
    expect(refusal({ quorumPercent: 50.5 })).toBe('vote-quorum-invalid');
    expect(refusal({ options: [{ meaning: 'FOR' }, { meaning: 'FOR' }, { meaning: 'AGAINST' }] })).toBe(
      'vote-options-invalid',
    );
    expect(refusal({ options: [{ meaning: 'FOR' }, { meaning: 'ABSTAIN' }] })).toBe('vote-options-invalid');
    expect(
      refusal({
        options: [
          { meaning: 'AGAINST', label: '不同意' },
          { meaning: 'FOR', label: '同意' },
        ],
      }),
    ).toBe('ok');
    expect(refusal({ kind: 'AMEND_RULE' })).toBe('vote-rule-not-found');
    expect(refusal({ kind: 'REPEAL_RULE', ruleNumber: 3 })).toBe('ok');
    expect(refusal({ kind: 'POINT_RULE' })).toBe('vote-point-rule-invalid');
    expect(
      refusal({ kind: 'POINT_RULE', pointRuleChange: { action: 'edit', code: 'Bad Code', points: 3 } }),
    ).toBe('point-rule-code-invalid');
    expect(
      refusal({ kind: 'POINT_RULE', pointRuleChange: { action: 'edit', code: 'litter', points: 0 } }),
    ).toBe('point-rule-points-invalid');
    expect(refusal({ electorate: 'LIST' })).toBe('vote-list-invalid');
    expect(refusal({ electorate: 'LIST', listMemberNumbers: [3, 0] })).toBe('vote-list-invalid');
  });

  it('keeps the order of the options it is given (their positions) and the labels', () => {
    const { options } = validateVoteDraft({
      ...base,
      options: [
        { meaning: 'FOR', label: ' 同意 ' },
        { meaning: 'AGAINST', label: '' },
      ],
    });
    expect(options).toEqual([
      { meaning: 'FOR', label: '同意' },
      { meaning: 'AGAINST', label: null },
    ]);
  });
});

describe('parseVoteDuration', () => {
  it('reads days, hours and minutes in both languages', () => {
    expect(parseVoteDuration('5d')).toBe(7200);
    expect(parseVoteDuration('5 days')).toBe(7200);
    expect(parseVoteDuration('5天')).toBe(7200);
    expect(parseVoteDuration('36h')).toBe(2160);
    expect(parseVoteDuration('36小时')).toBe(2160);
    expect(parseVoteDuration('36个小时')).toBe(2160);
    expect(parseVoteDuration('90m')).toBe(90);
    expect(parseVoteDuration('five days')).toBeUndefined();
    expect(parseVoteDuration('5')).toBeUndefined();
    expect(parseVoteDuration('5 weeks')).toBeUndefined();
  });
});

describe('ballot crypto', () => {
  it('holders: the member, or their household under one vote per household', () => {
    expect(ballotHolder({ perHousehold: false, memberId: 7, householdId: 3 })).toBe('m7');
    expect(ballotHolder({ perHousehold: true, memberId: 7, householdId: 3 })).toBe('h3');
    expect(ballotHolder({ perHousehold: true, memberId: 7, householdId: null })).toBe('m7');
  });

  it('pseudonyms: the holder in an open vote; a keyed HMAC in a secret one, the same while the key lives', () => {
    expect(ballotPseudonym({ secret: false, ballotKey: null }, 'm7')).toBe('m7');
    const key = newBallotKey();
    const pseudonym = ballotPseudonym({ secret: true, ballotKey: key }, 'm7');
    expect(pseudonym).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(ballotPseudonym({ secret: true, ballotKey: key }, 'm7')).toBe(pseudonym);
    expect(ballotPseudonym({ secret: true, ballotKey: newBallotKey() }, 'm7')).not.toBe(pseudonym);
    expect(() => ballotPseudonym({ secret: true, ballotKey: null }, 'm7')).toThrow();
  });

  it('receipts: ten base32 characters, a new one for every ballot', () => {
    const receipts = new Set(Array.from({ length: 1000 }, () => ballotReceipt('m7', 1)));
    expect(receipts.size).toBe(1000);
    for (const receipt of receipts) expect(receipt).toMatch(/^[A-Z2-7]{10}$/);
  });
});
