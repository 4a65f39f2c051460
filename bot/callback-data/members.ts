import { defineVillageCallback } from './codec.ts';

/**
 * Join-request buttons. They carry the newcomer's global member id (not their village-local number),
 * so a button is unambiguous whichever village its presser is in now; core checks the village.
 */

const id = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;

const DECISIONS = ['y', 'n'] as const;
const decisionOf = (text: string | undefined): boolean | undefined =>
  DECISIONS.includes(text as (typeof DECISIONS)[number]) ? text === 'y' : undefined;

/** Approve or reject a newcomer awaiting approval. */
export const joinApprovalCallback = defineVillageCallback('mjoin', {
  pack: (data: { memberId: number; approve: boolean }) => [data.memberId, data.approve ? 'y' : 'n'],
  unpack: ([m, d]) => {
    const memberId = id(m);
    const approve = decisionOf(d);
    return memberId && approve !== undefined ? { memberId, approve } : undefined;
  },
});

/** Confirm or refuse a newcomer into the household they named (its id, so a later request is not this one). */
export const householdConfirmationCallback = defineVillageCallback('mhh', {
  pack: (data: { memberId: number; householdId: number; confirm: boolean }) => [
    data.memberId,
    data.householdId,
    data.confirm ? 'y' : 'n',
  ],
  unpack: ([m, h, d]) => {
    const memberId = id(m);
    const householdId = id(h);
    const confirm = decisionOf(d);
    return memberId && householdId && confirm !== undefined ? { memberId, householdId, confirm } : undefined;
  },
});
