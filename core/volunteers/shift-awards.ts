/**
 * How a shift's work turns into points (pure): the hours a volunteer was there, the call's points per
 * hour, the supervisor's score, the village's no-show points and upheld reports.
 */

/**
 * The supervisor's score scales a volunteer's points for the hours: 4 is "did the job" and changes
 * nothing, 5 earns a fifth more, lower scores cut them. A volunteer left unscored counts as 4.
 */
export const SCORE_MULTIPLIERS: Readonly<Record<1 | 2 | 3 | 4 | 5, number>> = {
  5: 1.2,
  4: 1.0,
  3: 0.8,
  2: 0.5,
  1: 0.2,
};
export const UNSCORED_MULTIPLIER = 1.0;

/** Hours are counted in whole quarters of an hour, rounded down. */
const QUARTER_MS = 15 * 60 * 1000;

export interface ShiftAwardVolunteer {
  memberId: number;
  checkInAt: Date | null;
  checkOutAt: Date | null;
  score: number | null;
  noShow: boolean;
  /** Upheld reports' deductions, each negative. */
  deductions: readonly number[];
}

export interface ShiftAward {
  memberId: number;
  points: number;
  /** Hours counted (quarters of an hour); 0 for a no-show. */
  hours: number;
  /** What the points are made of, for a notice or a review to show. */
  parts: {
    noShow: boolean;
    /** hours × points per hour, before the score. */
    base: number;
    score: number | null;
    multiplier: number;
    /** The sum of the upheld deductions (≤ 0). */
    deductions: number;
  };
}

/**
 * One award per volunteer who earned or lost something. Hours run from check-in to check-out,
 * clipped to the shift (a missing check-out counts to the shift's end), in whole quarters; the base
 * (hours × points per hour) is scaled by the score and rounded to the nearest point, then the upheld
 * deductions are added. A no-show gets the village's no-show points and nothing else. Someone who
 * never checked in and was not marked absent gets nothing, and nobody gets an award of 0.
 */
export function computeShiftAwards(input: {
  shift: { startsAt: Date; endsAt: Date };
  pointsPerHour: number;
  noShowPoints: number;
  volunteers: readonly ShiftAwardVolunteer[];
}): ShiftAward[] {
  const awards: ShiftAward[] = [];
  for (const volunteer of input.volunteers) {
    const award = awardFor(volunteer, input);
    if (award && award.points !== 0) awards.push(award);
  }
  return awards;
}

function awardFor(
  volunteer: ShiftAwardVolunteer,
  input: { shift: { startsAt: Date; endsAt: Date }; pointsPerHour: number; noShowPoints: number },
): ShiftAward | undefined {
  if (volunteer.noShow)
    return {
      memberId: volunteer.memberId,
      points: input.noShowPoints,
      hours: 0,
      parts: { noShow: true, base: 0, score: null, multiplier: 0, deductions: 0 },
    };
  if (!volunteer.checkInAt) return undefined;
  const from = Math.max(volunteer.checkInAt.getTime(), input.shift.startsAt.getTime());
  const to = Math.min((volunteer.checkOutAt ?? input.shift.endsAt).getTime(), input.shift.endsAt.getTime());
  const quarters = to > from ? Math.floor((to - from) / QUARTER_MS) : 0;
  const multiplier = multiplierFor(volunteer.score);
  // In whole numbers until the one division, so 12.5 stays 12.5 and rounds as a person would.
  const percent = Math.round(multiplier * 100);
  const scaled = Math.round((quarters * input.pointsPerHour * percent) / 400);
  const deductions = volunteer.deductions.reduce((sum, deduction) => sum + deduction, 0);
  return {
    memberId: volunteer.memberId,
    points: scaled + deductions,
    hours: quarters / 4,
    parts: {
      noShow: false,
      base: (quarters * input.pointsPerHour) / 4,
      score: volunteer.score,
      multiplier,
      deductions,
    },
  };
}

function multiplierFor(score: number | null): number {
  if (score === null) return UNSCORED_MULTIPLIER;
  const multiplier = SCORE_MULTIPLIERS[score as keyof typeof SCORE_MULTIPLIERS];
  if (multiplier === undefined) throw new Error(`a score of ${score} is not 1 to 5`);
  return multiplier;
}
