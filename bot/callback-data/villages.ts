import { defineVillageCallback } from './codec.ts';

/** /village's buttons: "act in this village from now on". The village is the data's own suffix. */
export const villageSwitchCallback = defineVillageCallback('vsw', {
  pack: (_data: Record<string, never>) => [],
  unpack: (fields) => (fields.length === 0 ? {} : undefined),
});
