import { bareMe, bareMeUndici, yingshanMe } from './me-command.ts';
import type { Comparison, Scenario } from './scenario.ts';

/** Every row of the table, run one after another on the same emulator and database. */
export const SCENARIOS: readonly Scenario[] = [yingshanMe, bareMe, bareMeUndici];

export const COMPARISONS: readonly Comparison[] = [
  { scenario: yingshanMe.id, baseline: bareMe.id, minRatio: 0.5 },
  { scenario: yingshanMe.id, baseline: bareMeUndici.id },
];
