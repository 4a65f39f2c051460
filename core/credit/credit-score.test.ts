import { describe, expect, it } from 'vitest';
import { type CreditFacts, creditScore, creditStars } from './credit-score.ts';

const NOTHING: CreditFacts = {
  talkItems: 0,
  comments: 0,
  votesCast: 0,
  shiftsAttended: 0,
  shiftsPromised: 0,
  tasksPromised: 0,
  tasksOnTime: 0,
  hasRealName: false,
  hasHousehold: false,
  daysInVillage: 0,
  pointsDeducted: 0,
  noShows: 0,
  reportsUpheld: 0,
  ratingsSum: 0,
  ratingsCount: 0,
  negativePoints: 0,
};

describe('creditScore', () => {
  it('gives a newcomer with no record the middle for fulfilment and ratings, full behaviour', () => {
    expect(creditScore({ ...NOTHING, hasRealName: true, hasHousehold: true })).toEqual({
      activity: 0,
      fulfilment: 100,
      identity: 120,
      behaviour: 200,
      social: 100,
      negative: 0,
      total: 520,
    });
  });

  it('counts activity 10 a talk item, 5 a comment, 10 a vote, 20 a shift, at most 200', () => {
    const score = (facts: Partial<CreditFacts>) => creditScore({ ...NOTHING, ...facts }).activity;
    expect(score({ talkItems: 2, comments: 3, votesCast: 1, shiftsAttended: 1 })).toBe(65);
    expect(score({ shiftsAttended: 11 })).toBe(200);
  });

  it('scores fulfilment as promises kept out of promises made', () => {
    const score = (facts: Partial<CreditFacts>) => creditScore({ ...NOTHING, ...facts }).fulfilment;
    expect(score({ shiftsPromised: 4, shiftsAttended: 3 })).toBe(150);
    expect(score({ shiftsPromised: 1, shiftsAttended: 1, tasksPromised: 1, tasksOnTime: 0 })).toBe(100);
    expect(score({ shiftsPromised: 2, shiftsAttended: 2, tasksPromised: 2, tasksOnTime: 2 })).toBe(200);
  });

  it('grows identity with membership age up to a year', () => {
    const score = (days: number) =>
      creditScore({ ...NOTHING, hasRealName: true, daysInVillage: days }).identity;
    expect([0, 182, 365, 1000].map(score)).toEqual([60, 100, 140, 140]);
  });

  it('takes behaviour down by deductions, no-shows and upheld reports, not below 0', () => {
    const score = (facts: Partial<CreditFacts>) => creditScore({ ...NOTHING, ...facts }).behaviour;
    expect(score({ pointsDeducted: 5, noShows: 1, reportsUpheld: 1 })).toBe(150);
    expect(score({ pointsDeducted: 500 })).toBe(0);
  });

  it('maps the average rating received 1–5 onto 0–200', () => {
    const score = (sum: number, count: number) =>
      creditScore({ ...NOTHING, ratingsSum: sum, ratingsCount: count }).social;
    expect([score(5, 1), score(9, 3), score(4, 2), score(1, 1)]).toEqual([200, 100, 50, 0]);
  });

  it('subtracts the negative list and keeps the total within 0–1000', () => {
    const base = { ...NOTHING, hasRealName: true, hasHousehold: true };
    expect(creditScore({ ...base, negativePoints: 120 }).total).toBe(400);
    expect(creditScore({ ...base, negativePoints: 1000 }).total).toBe(0);
    const best = creditScore({
      ...base,
      shiftsAttended: 10,
      shiftsPromised: 10,
      daysInVillage: 400,
      ratingsSum: 50,
      ratingsCount: 10,
    });
    expect(best.total).toBe(1000);
  });
});

describe('creditStars', () => {
  it('uses the points bands on the village percentile, ties sharing a level', () => {
    const scores = [900, 800, 800, 700, 600, 500, 500, 400, 300, 0];
    expect(scores.map((score) => creditStars(score, scores).stars)).toEqual([5, 4, 4, 3, 3, 3, 3, 2, 2, 1]);
    expect(creditStars(800, scores).rank).toBe(2);
  });
});
