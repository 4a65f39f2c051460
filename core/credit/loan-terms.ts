/**
 * The loan table, a village setting (/settings loan). Guanghan's rule by default: "for every 100
 * points of family points the loan rate falls by a further 0.1 percentage points; 583 points → 0.58%
 * lower". 583 points under a stepped rule would give 0.5, so the bank's figure is proportional:
 * points × step ÷ stepPoints, rounded to hundredths of a percentage point (583 → 58.3 → 0.58), at
 * most the cap (1.00 by default), never below 0.
 *
 * Rates are held in hundredths of a percentage point (integers), so 0.58 is 58 and nothing rounds twice.
 */
export interface LoanTable {
  /** Household points per step (100). */
  stepPoints: number;
  /** What a step lowers the rate by, in hundredths of a percentage point (10 = 0.1). */
  stepHundredths: number;
  /** The largest discount, in hundredths of a percentage point (100 = 1.00). */
  capHundredths: number;
  /** The share of households, by points, that may ask for a credit line (20 = the top 20%). */
  topPercent: number;
}

export const GUANGHAN_LOAN_TABLE: LoanTable = {
  stepPoints: 100,
  stepHundredths: 10,
  capHundredths: 100,
  topPercent: 20,
};

/** The household's discount on the loan rate, in hundredths of a percentage point. */
export function loanDiscountHundredths(householdPoints: number, table: LoanTable): number {
  if (householdPoints <= 0 || table.stepPoints <= 0) return 0;
  const proportional = Math.round((householdPoints * table.stepHundredths) / table.stepPoints);
  return Math.min(table.capHundredths, proportional);
}

/** 58 → "0.58": hundredths of a percentage point as people read them. */
export function formatPercentagePoints(hundredths: number): string {
  return (hundredths / 100).toFixed(2);
}

export interface RankedHousehold {
  householdId: number;
  total: number;
  /** Competition rank by points (1 + the households strictly ahead). */
  rank: number;
  isEligible: boolean;
}

/**
 * Who may ask for a credit line: the top `topPercent` % of the village's households (those with an
 * active member) by household points. The cut is ceil(households × topPercent ÷ 100) places, so a
 * small village still has one; a household is in when its competition rank is within the cut, so
 * households tied at the last place are all in (a bank cannot tell them apart, and leaving all of
 * them out would punish a tie). A household with 0 points or fewer is never in; 0% names nobody.
 */
export function rankCreditLine(
  households: readonly { householdId: number; total: number }[],
  topPercent: number,
): RankedHousehold[] {
  const places = Math.ceil((households.length * topPercent) / 100);
  const sorted = [...households].sort((a, b) => b.total - a.total || a.householdId - b.householdId);
  return sorted.map((household) => {
    const rank = 1 + sorted.filter((other) => other.total > household.total).length;
    return { ...household, rank, isEligible: household.total > 0 && rank <= places };
  });
}
