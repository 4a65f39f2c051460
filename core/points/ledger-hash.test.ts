import { describe, expect, it } from 'vitest';
import { encodeEntry, GENESIS_HASH, type HashedEntry, hashEntry, shortHash } from './ledger-hash.ts';

const entry: HashedEntry = {
  villageId: 1,
  sequence: 1,
  memberId: 7,
  householdId: 3,
  amount: 8,
  reason: '帮邻居收稻谷',
  ruleCode: 'help-neighbour',
  awardId: 12,
  redemptionId: null,
  reversesId: null,
  createdAt: new Date('2026-11-30T01:02:03.456Z'),
  prevHash: GENESIS_HASH,
};

describe('the ledger hash', () => {
  it('encodes an entry the same way every time, in a fixed order', () => {
    expect(encodeEntry(entry)).toBe(
      '["yingshan-ledger-v1",1,1,7,3,8,"帮邻居收稻谷","help-neighbour",12,null,null,"2026-11-30T01:02:03.456Z","0000000000000000000000000000000000000000000000000000000000000000"]',
    );
    expect(hashEntry({ ...entry })).toBe(hashEntry(entry));
    expect(hashEntry(entry)).toMatch(/^[0-9a-f]{64}$/);
    expect(shortHash(hashEntry(entry))).toHaveLength(8);
  });

  it('changes with every field a villager’s points depend on, and with the link before it', () => {
    const changes: Partial<HashedEntry>[] = [
      { villageId: 2 },
      { sequence: 2 },
      { memberId: 8 },
      { householdId: null },
      { amount: 80 },
      { reason: '帮邻居' },
      { ruleCode: null },
      { awardId: 13 },
      { redemptionId: 1 },
      { reversesId: 5n },
      { createdAt: new Date('2026-11-30T01:02:03.457Z') },
      { prevHash: 'f'.repeat(64) },
    ];
    const base = hashEntry(entry);
    const hashes = changes.map((change) => hashEntry({ ...entry, ...change }));
    for (const hash of hashes) expect(hash).not.toBe(base);
    expect(new Set(hashes).size).toBe(changes.length);
  });
});
