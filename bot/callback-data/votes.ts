import { STEP_CHOICES, VOTE_STEPS, type VoteStep } from '../../core/votes/vote-conversation.ts';
import { defineVillageCallback } from './codec.ts';

/** Vote buttons. Votes travel by their village-local number; every button names its village. */

const positive = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;

/** A ballot: vote `number`, option `position`. */
export const voteBallotCallback = defineVillageCallback('vb', {
  pack: (data: { number: number; position: number }) => [data.number, data.position],
  unpack: ([n, p]) => {
    const number = positive(n);
    const position = positive(p);
    return number && position && position <= 9 ? { number, position } : undefined;
  },
});

const numberCodec = (prefix: string) =>
  defineVillageCallback(prefix, {
    pack: (data: { number: number }) => [data.number],
    unpack: ([n]) => {
      const number = positive(n);
      return number ? { number } : undefined;
    },
  });

export const voteLikeCallback = numberCodec('vlk');
export const voteCommentCallback = numberCodec('vcm');

/** An answer to one question of /newvote: the step (by its index) and the choice pressed. */
export const voteDraftCallback = defineVillageCallback('vnew', {
  pack: (data: { step: VoteStep; choice: string }) => [VOTE_STEPS.indexOf(data.step), data.choice],
  unpack: ([s, choice]) => {
    const step = VOTE_STEPS[Number(s)];
    if (!step || !/^\d{1,2}$/.test(s ?? '') || choice === undefined) return undefined;
    return (STEP_CHOICES[step] as readonly string[]).includes(choice) ? { step, choice } : undefined;
  },
});
