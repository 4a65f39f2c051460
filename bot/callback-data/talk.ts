import { TALK_CATEGORIES } from '../../core/talk/raise-talk-item.ts';
import { defineVillageCallback } from './codec.ts';

/** Talk buttons. Items travel by their village-local number; the draft itself waits in the database. */

const positive = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;

type Category = (typeof TALK_CATEGORIES)[number];

export const talkCategoryCallback = defineVillageCallback('tcat', {
  pack: (data: { category: Category }) => [TALK_CATEGORIES.indexOf(data.category)],
  unpack: ([index]) => {
    const category = TALK_CATEGORIES[Number(index)];
    return category && /^\d$/.test(index ?? '') ? { category } : undefined;
  },
});

/** Submit or cancel the draft waiting in this chat. */
export const talkDraftCallback = defineVillageCallback('tdraft', {
  pack: (data: { submit: boolean }) => [data.submit ? 'ok' : 'no'],
  unpack: ([choice]) => (choice === 'ok' || choice === 'no' ? { submit: choice === 'ok' } : undefined),
});

const numberCodec = (prefix: string) =>
  defineVillageCallback(prefix, {
    pack: (data: { number: number }) => [data.number],
    unpack: ([n]) => {
      const number = positive(n);
      return number ? { number } : undefined;
    },
  });

export const talkLikeCallback = numberCodec('tlike');
export const talkCommentCallback = numberCodec('tcomm');
export const talkFollowCallback = numberCodec('tfollow');

export const talkReportCallback = defineVillageCallback('trep', {
  pack: (data: { commentId: bigint }) => [data.commentId.toString()],
  unpack: ([id]) => (id && /^\d{1,18}$/.test(id) ? { commentId: BigInt(id) } : undefined),
});

const INBOX_ACTIONS = ['reply', 'assign', 'decline', 'merge'] as const;
export type InboxAction = (typeof INBOX_ACTIONS)[number];
export const talkInboxCallback = defineVillageCallback('tinbox', {
  pack: (data: { action: InboxAction; number: number }) => [data.action, data.number],
  unpack: ([action, n]) => {
    const found = INBOX_ACTIONS.find((a) => a === action);
    const number = positive(n);
    return found && number ? { action: found, number } : undefined;
  },
});

const TASK_ACTIONS = ['start', 'done'] as const;
export const talkTaskCallback = defineVillageCallback('ttask', {
  pack: (data: { action: (typeof TASK_ACTIONS)[number]; number: number }) => [data.action, data.number],
  unpack: ([action, n]) => {
    const found = TASK_ACTIONS.find((a) => a === action);
    const number = positive(n);
    return found && number ? { action: found, number } : undefined;
  },
});

export const OUTCOMES = ['RESOLVED', 'PARTLY_RESOLVED', 'NOT_RESOLVED'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Rating steps: stars, then the outcome, then (optionally) a comment; `skip` rates without one. */
export interface RateStep {
  number: number;
  round: number;
  stars: number;
  outcome?: Outcome;
  skip?: boolean;
}
export const talkRateCallback = defineVillageCallback<RateStep>('trate', {
  pack: (data) => [
    data.number,
    data.round,
    data.stars,
    data.outcome === undefined ? '' : OUTCOMES.indexOf(data.outcome),
    data.skip ? 's' : '',
  ],
  unpack: ([n, r, s, o, skip]) => {
    const number = positive(n);
    const round = positive(r);
    const stars = positive(s);
    if (!number || !round || !stars || stars > 5) return undefined;
    const outcome = o === '' || o === undefined ? undefined : OUTCOMES[Number(o)];
    if (o && !outcome) return undefined;
    return { number, round, stars, ...(outcome && { outcome }), skip: skip === 's' };
  },
});

/** The assign prompt's buttons: first the cadre, then the due date ("3", "7" days, or "date" to type one). */
export const talkAssignCadreCallback = defineVillageCallback('tacad', {
  pack: (data: { number: number; cadre: number }) => [data.number, data.cadre],
  unpack: ([n, c]) => {
    const number = positive(n);
    const cadre = positive(c);
    return number && cadre ? { number, cadre } : undefined;
  },
});

export const DUE_CHOICES = ['3', '7', 'date'] as const;
export type DueChoice = (typeof DUE_CHOICES)[number];
export const talkAssignDueCallback = defineVillageCallback('tadue', {
  pack: (data: { number: number; cadre: number; due: DueChoice }) => [data.number, data.cadre, data.due],
  unpack: ([n, c, d]) => {
    const number = positive(n);
    const cadre = positive(c);
    const due = DUE_CHOICES.find((choice) => choice === d);
    return number && cadre && due ? { number, cadre, due } : undefined;
  },
});
