import { defineVillageCallback } from './codec.ts';

/** A reviewer's buttons on a points proposal: approve it, or be asked for the reason to reject it. */
export const awardReviewCallback = defineVillageCallback('pab', {
  pack: (data: { batchId: number; approve: boolean }) => [data.batchId, data.approve ? 'y' : 'n'],
  unpack: ([b, d]) => {
    const batchId = b !== undefined && /^\d{1,9}$/.test(b) ? Number(b) : 0;
    return batchId > 0 && (d === 'y' || d === 'n') ? { batchId, approve: d === 'y' } : undefined;
  },
});
