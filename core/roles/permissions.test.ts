import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { type Action, can, parseRole, ROLES } from './permissions.ts';

const member = (overrides: Partial<Membership> = {}): Membership => ({
  memberId: 1,
  villageId: 1,
  villageName: '友谊村',
  timezone: 'Asia/Shanghai',
  number: 7,
  realName: '谢启富',
  householdName: '谢启富家',
  status: 'ACTIVE',
  roles: ['VILLAGER'],
  ...overrides,
});

describe('can', () => {
  it('lets only the secretary grant and revoke roles', () => {
    for (const role of ROLES) {
      expect(can([role], 'role.grant')).toBe(role === 'SECRETARY');
      expect(can([role], 'role.revoke')).toBe(role === 'SECRETARY');
    }
  });

  it('lets every role view its profile and speak', () => {
    for (const role of ROLES) {
      expect(can([role], 'profile.view')).toBe(true);
      expect(can([role], 'talk.speak')).toBe(true);
    }
  });

  it("lets every member show their household's sign, and only the secretary print or revoke signs", () => {
    for (const role of ROLES) {
      expect(can([role], 'household-qr.show')).toBe(true);
      expect(can([role], 'household-qr.manage')).toBe(role === 'SECRETARY');
    }
  });

  it('combines roles: a villager who is also a cadre may progress tasks', () => {
    expect(can(['VILLAGER'], 'talk.progress')).toBe(false);
    expect(can(['VILLAGER', 'CADRE'], 'talk.progress')).toBe(true);
  });

  it('gives nothing to a member without roles', () => {
    const actions: Action[] = ['profile.view', 'role.grant', 'talk.handle', 'shop.fulfil'];
    for (const action of actions) expect(can([], action)).toBe(false);
  });
});

describe('requireAllowed', () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof DomainError) return error.code;
      throw error;
    }
    return 'allowed';
  };

  it('refuses a non-member', () => {
    expect(codeOf(() => requireAllowed(undefined, 'profile.view'))).toBe('not-member');
  });

  it('refuses a member who has not finished joining', () => {
    expect(codeOf(() => requireAllowed(member({ status: 'AWAITING_NAME' }), 'profile.view'))).toBe(
      'not-onboarded',
    );
  });

  it('refuses the wrong role and allows the right one', () => {
    expect(codeOf(() => requireAllowed(member(), 'role.grant'))).toBe('forbidden');
    expect(codeOf(() => requireAllowed(member({ roles: ['SECRETARY'] }), 'role.grant'))).toBe('allowed');
  });
});

describe('parseRole', () => {
  it('reads role names in Chinese and English, any case', () => {
    expect(parseRole('村干部')).toBe('CADRE');
    expect(parseRole('Cadre')).toBe('CADRE');
    expect(parseRole(' 书记 ')).toBe('SECRETARY');
    expect(parseRole('shopkeeper')).toBe('SHOPKEEPER');
    expect(parseRole('mayor')).toBeUndefined();
  });
});
