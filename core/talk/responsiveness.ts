/** What a village dashboard shows about how well the committee responds. Pure; fed from the database. */
export interface ItemHistory {
  createdAt: Date;
  /** Status changes in order, with when they happened. */
  changes: ReadonlyArray<{ to: string; at: Date }>;
  ratings: ReadonlyArray<{ stars: number }>;
}

export interface Responsiveness {
  items: number;
  /** Median hours from raising to the first response (acknowledged, assigned, declined or merged). */
  medianHoursToFirstResponse: number | null;
  /** Median hours from raising to the first "done". */
  medianHoursToDone: number | null;
  averageRating: number | null;
  /** Share of rated rounds that reopened the item. */
  reopenRate: number | null;
}

const RESPONSES = new Set(['ACKNOWLEDGED', 'ASSIGNED', 'DECLINED', 'MERGED']);
const HOUR = 3600_000;

export function computeResponsiveness(items: readonly ItemHistory[]): Responsiveness {
  const firstResponse: number[] = [];
  const toDone: number[] = [];
  const stars: number[] = [];
  let rated = 0;
  let reopened = 0;
  for (const item of items) {
    const response = item.changes.find((c) => RESPONSES.has(c.to));
    if (response) firstResponse.push((response.at.getTime() - item.createdAt.getTime()) / HOUR);
    const done = item.changes.find((c) => c.to === 'DONE');
    if (done) toDone.push((done.at.getTime() - item.createdAt.getTime()) / HOUR);
    for (const rating of item.ratings) stars.push(rating.stars);
    for (const change of item.changes) {
      if (change.to === 'RATED') rated++;
      if (change.to === 'REOPENED') {
        rated++;
        reopened++;
      }
    }
  }
  return {
    items: items.length,
    medianHoursToFirstResponse: median(firstResponse),
    medianHoursToDone: median(toDone),
    averageRating: stars.length ? stars.reduce((a, b) => a + b, 0) / stars.length : null,
    reopenRate: rated ? reopened / rated : null,
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
