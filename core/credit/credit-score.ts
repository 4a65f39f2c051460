import { type StarLevel, starLevel } from '../points/star-level.ts';

/**
 * A member's credit score, 0–1000: five dimensions of 0–200 each (the five of Daicun's 信用宝:
 * 活跃程度, 履约能力, 身份特质, 行为偏好, 社会评价), added, minus the negative list. Everything comes
 * from what the village already records; "the last 12 months" is counted back from today.
 *
 * 1. Activity (活跃程度): taking part in the last 12 months.
 *    10 per talk item raised + 5 per comment + 10 per vote cast + 20 per volunteer shift attended,
 *    at most 200.
 * 2. Fulfilment (履约能力): keeping one's word in the last 12 months.
 *    kept ÷ promised × 200, rounded, where promised = confirmed shifts that have ended + tasks that
 *    were done or are past their due date, and kept = shifts attended (checked in) + tasks done by
 *    their due date. Nobody promised anything yet: 100, the middle (no record is neither good nor bad).
 * 3. Identity (身份特质): 60 for a real name given, 60 for a household given, and up to 80 for
 *    membership age (80 × days in the village ÷ 365, rounded, at most 80: full after a year).
 * 4. Behaviour (行为偏好): 200, minus 2 per point deducted from the member's points in the last
 *    12 months, minus 20 per no-show, minus 20 per report upheld against them, never below 0.
 * 5. Social evaluation (社会评价): how others rated them: the supervisors' scores of their shifts
 *    (1–5) and the stars villagers gave the talk tasks they handled (1–5), averaged;
 *    50 × (average − 1), rounded, so 5 stars give 200, 3 stars 100 and 1 star 0. Nobody rated them yet: 100.
 *
 * Total = the five added, minus the negative list's points still in force, kept within 0–1000.
 */
export interface CreditFacts {
  talkItems: number;
  comments: number;
  votesCast: number;
  shiftsAttended: number;
  /** Confirmed sign-ups whose shift has ended. */
  shiftsPromised: number;
  /** Tasks done, or not done and past their due date. */
  tasksPromised: number;
  /** Tasks done by their due date. */
  tasksOnTime: number;
  hasRealName: boolean;
  hasHousehold: boolean;
  daysInVillage: number;
  pointsDeducted: number;
  noShows: number;
  reportsUpheld: number;
  /** Supervisors' shift scores and talk-task stars received: their sum and how many. */
  ratingsSum: number;
  ratingsCount: number;
  /** The negative list's points in force. */
  negativePoints: number;
}

export interface CreditScore {
  activity: number;
  fulfilment: number;
  identity: number;
  behaviour: number;
  social: number;
  negative: number;
  total: number;
}

export const DIMENSION_MAX = 200;
export const SCORE_MAX = 1000;
/** What a dimension gives when there is nothing to judge yet: the middle. */
export const NO_RECORD = 100;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

export function creditScore(facts: CreditFacts): CreditScore {
  const activity = Math.min(
    DIMENSION_MAX,
    10 * facts.talkItems + 5 * facts.comments + 10 * facts.votesCast + 20 * facts.shiftsAttended,
  );
  const promised = facts.shiftsPromised + facts.tasksPromised;
  const kept = Math.min(facts.shiftsAttended, facts.shiftsPromised) + facts.tasksOnTime;
  const fulfilment =
    promised === 0 ? NO_RECORD : Math.round((DIMENSION_MAX * Math.min(kept, promised)) / promised);
  const identity =
    (facts.hasRealName ? 60 : 0) +
    (facts.hasHousehold ? 60 : 0) +
    Math.min(80, Math.round((80 * Math.max(0, facts.daysInVillage)) / 365));
  const behaviour = Math.max(
    0,
    DIMENSION_MAX - 2 * facts.pointsDeducted - 20 * facts.noShows - 20 * facts.reportsUpheld,
  );
  const social =
    facts.ratingsCount === 0
      ? NO_RECORD
      : clamp(Math.round(50 * (facts.ratingsSum / facts.ratingsCount - 1)), 0, DIMENSION_MAX);
  const negative = Math.max(0, facts.negativePoints);
  const total = clamp(activity + fulfilment + identity + behaviour + social - negative, 0, SCORE_MAX);
  return { activity, fulfilment, identity, behaviour, social, negative, total };
}

/**
 * The credit star level, 1–5, from where the score stands among the village's active members: the
 * points' star bands (core/points/star-level.ts) fit as they are: five stars for the top 10%, four
 * to 30%, three to 60%, two for the rest, counting only members strictly ahead so ties share a level,
 * and one star for a score of 0 (a member whose negative list outweighs everything).
 */
export function creditStars(score: number, allScores: readonly number[]): { stars: StarLevel; rank: number } {
  const rank = 1 + allScores.filter((other) => other > score).length;
  return { stars: starLevel({ balance: score, rank, rankedAmong: allScores.length }), rank };
}
