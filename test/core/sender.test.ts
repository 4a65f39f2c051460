import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../core/db/client.ts';
import { loadSender } from '../../core/members/load-sender.ts';
import { findUserWithMembership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { resetDatabase, testDatabaseUrl } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

const { prisma, sql } = createDatabase(testDatabaseUrl(), { maxConnections: 2 });
beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

describe('reading the sender', () => {
  it('gives the same answer through Prisma and through plain SQL', async () => {
    const { member } = await createTestVillage(prisma, [[2, '谢启富']]);
    await grantRole(prisma, { actor: await member(1), memberNumber: 2, role: 'CADRE' });
    const viaPrisma = await findUserWithMembership(prisma, 2n);
    const viaSql = await findUserWithMembership(sql, 2n);
    expect(viaSql).toEqual(viaPrisma);
    expect(viaSql?.user.id).toBe(2n);
    expect(viaSql?.membership).toMatchObject({
      number: 2,
      householdName: '谢启富家',
      roles: ['CADRE', 'VILLAGER'],
    });
    expect(await findUserWithMembership(sql, 999n)).toBeUndefined();
  });

  it('creates a stranger on first contact and refreshes a changed name, writing only then', async () => {
    let writes = 0;
    const write = <T>(work: (tx: typeof prisma) => Promise<T>) => {
      writes += 1;
      return work(prisma);
    };
    const first = await loadSender(prisma, { id: 42, first_name: 'A', language_code: 'en' }, { sql, write });
    expect(first).toMatchObject({ user: { id: 42n, firstName: 'A' }, membership: undefined });
    const same = await loadSender(prisma, { id: 42, first_name: 'A' }, { sql, write });
    expect(same.user).toMatchObject({ firstName: 'A', languageCode: 'en' });
    expect(writes).toBe(1);
    const renamed = await loadSender(prisma, { id: 42, first_name: 'B' }, { sql, write });
    expect(renamed.user).toMatchObject({ firstName: 'B', languageCode: 'en' });
    expect(writes).toBe(2);
    expect(await prisma.user.count()).toBe(1);
  });
});
