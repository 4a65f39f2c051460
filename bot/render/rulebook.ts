import type { HistoryEvent, RulebookEntry } from '../../core/rules/read-rulebook.ts';
import type { VoteOptionMeaning } from '../../core/votes/vote-types.ts';
import type { Translate } from './talk-item.ts';
import { optionLabel } from './vote-results.ts';

/** Under Telegram's 4,096 characters, so a long rulebook goes out in several messages. */
const MESSAGE_MAX = 3_800;

function inMessages(t: Translate, title: string, blocks: string[], footer: string): string[] {
  const messages: string[] = [];
  let current = title;
  for (const block of blocks) {
    if (current.length + block.length + 2 > MESSAGE_MAX) {
      messages.push(current);
      current = t('rulebook-more');
    }
    current = [current, block].join('\n\n').slice(0, 4_000);
  }
  messages.push(footer === '' ? current : [current, footer].join('\n\n'));
  return messages;
}

/** The current rulebook: rule number, title and current text; and how to see the points table. */
export function renderRulebook(t: Translate, input: { village: string; rules: RulebookEntry[] }): string[] {
  if (input.rules.length === 0)
    return [[t('rulebook-empty', { village: input.village }), t('rulebook-footer')].join('\n\n')];
  const blocks = input.rules.map((rule) =>
    t('rulebook-rule', { number: rule.number, title: rule.title, version: rule.version, text: rule.text }),
  );
  return inMessages(t, t('rulebook-title', { village: input.village }), blocks, t('rulebook-footer'));
}

/** Every version and repeal with the vote that made it: number, title, date and its counts. */
export function renderRulebookHistory(
  t: Translate,
  input: { village: string; events: HistoryEvent[]; when: (at: Date) => string },
): string[] {
  if (input.events.length === 0) return [t('rulebook-history-empty', { village: input.village })];
  const blocks = input.events.map((event) => {
    const vote = event.vote
      ? t('rulebook-history-vote', {
          number: event.vote.number,
          title: event.vote.title,
          counts: event.vote.counts
            .map((option) =>
              t('rulebook-history-count', {
                label: optionLabel(t, { meaning: option.meaning as VoteOptionMeaning, label: option.label }),
                count: option.count,
              }),
            )
            .join(t('rulebook-history-separator')),
        })
      : t('rulebook-history-no-vote');
    const head =
      event.kind === 'version'
        ? t('rulebook-history-version', {
            rule: event.ruleNumber,
            title: event.title,
            version: event.version,
            date: input.when(event.at),
          })
        : t('rulebook-history-repeal', {
            rule: event.ruleNumber,
            title: event.title,
            date: input.when(event.at),
          });
    return [head, vote].join('\n');
  });
  return inMessages(t, t('rulebook-history-title', { village: input.village }), blocks, '');
}
