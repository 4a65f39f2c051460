import {
  RECRUIT_CHOICES,
  RECRUIT_STEPS,
  type RecruitStep,
} from '../../core/volunteers/recruit-conversation.ts';
import { defineVillageCallback } from './codec.ts';

/**
 * Volunteer call buttons. A call travels by its village-local number, a shift by its position in the
 * call; every button names its village.
 */

const positive = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;

const shiftCodec = (prefix: string) =>
  defineVillageCallback(prefix, {
    pack: (data: { call: number; shift: number }) => [data.call, data.shift],
    unpack: ([c, s]) => {
      const call = positive(c);
      const shift = positive(s);
      return call && shift ? { call, shift } : undefined;
    },
  });

/** Join shift `shift` of call `call` (or its waiting list when full): under every invite and the group post. */
export const shiftJoinCallback = shiftCodec('sj');
/** Cancel one's sign-up (from /myshifts). */
export const shiftCancelCallback = shiftCodec('sx');
/** Check in / check out (on the reminder and in /myshifts). */
export const shiftCheckInCallback = shiftCodec('sci');
export const shiftCheckOutCallback = shiftCodec('sco');

/** A supervisor's score (1–5, or 0 for a no-show) of the volunteer with member number `member`. */
export const shiftScoreCallback = defineVillageCallback('ssc', {
  pack: (data: { call: number; shift: number; member: number; score: number }) => [
    data.call,
    data.shift,
    data.member,
    data.score,
  ],
  unpack: ([c, s, m, sc]) => {
    const call = positive(c);
    const shift = positive(s);
    const member = positive(m);
    const score = /^[0-5]$/.test(sc ?? '') ? Number(sc) : undefined;
    return call && shift && member && score !== undefined ? { call, shift, member, score } : undefined;
  },
});

/** An answer to one question of /recruit: the step (by its index) and the choice pressed. */
export const recruitDraftCallback = defineVillageCallback('rnew', {
  pack: (data: { step: RecruitStep; choice: string }) => [RECRUIT_STEPS.indexOf(data.step), data.choice],
  unpack: ([s, choice]) => {
    const step = RECRUIT_STEPS[Number(s)];
    if (!step || !/^\d$/.test(s ?? '') || choice === undefined) return undefined;
    return (RECRUIT_CHOICES[step] as readonly string[]).includes(choice) ? { step, choice } : undefined;
  },
});
