import type { HouseholdCard } from '../../core/households/scan-household-qr.ts';
import { signedPoints } from './point-rules.ts';
import { stars } from './points.ts';
import type { Translate } from './talk-item.ts';

/** A scanned door sign, for a member of its village: household, members, points, rank, stars, latest entries. */
export function renderHouseholdCard(t: Translate, card: HouseholdCard): string {
  const lines = [
    t('household-qr-card-title', { household: card.household, village: card.village }),
    t('household-qr-card-members', {
      count: card.members.length,
      names: card.members.join(t('household-qr-card-separator')),
    }),
    t('household-qr-card-points', { total: card.total, stars: stars(card.stars) }),
    t('household-qr-card-rank', { rank: card.rank, count: card.rankedAmong }),
  ];
  if (card.recent.length === 0) lines.push(t('household-qr-card-no-entries'));
  else {
    lines.push(t('household-qr-card-recent'));
    for (const entry of card.recent)
      lines.push(
        t('household-qr-card-entry', {
          date: entry.date,
          amount: signedPoints(entry.amount),
          reason: entry.reason,
        }),
      );
  }
  return lines.join('\n');
}
