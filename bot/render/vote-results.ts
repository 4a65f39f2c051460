import type { OptionCount, RulebookChange } from '../../core/votes/close-vote.ts';
import type { VoteResultView } from '../../core/votes/load-vote-result.ts';
import type { VoteOptionMeaning } from '../../core/votes/vote-types.ts';
import type { Translate } from './talk-item.ts';

/** Telegram's limit is 4,096 characters; names are cut into messages well under it. */
const NAMES_CHUNK = 3_500;

/** An option as people see it: the secretary's label, else the meaning's word. */
export function optionLabel(
  t: Translate,
  option: { meaning: VoteOptionMeaning; label: string | null },
): string {
  return option.label ?? t(`vote-result-meaning-${option.meaning.toLowerCase()}`);
}

/** What an adopted vote did to the rulebook, or why it did not. */
export function renderRulebookChange(t: Translate, change: RulebookChange): string {
  switch (change.kind) {
    case 'none':
      return '';
    case 'rule-added':
      return t('vote-result-change-rule-added', { rule: change.ruleNumber });
    case 'rule-amended':
      return t('vote-result-change-rule-amended', { rule: change.ruleNumber, version: change.version });
    case 'rule-repealed':
      return t('vote-result-change-rule-repealed', { rule: change.ruleNumber });
    case 'point-rule':
      return t(`vote-result-change-point-rule-${change.action}`, {
        code: change.code,
        version: change.version,
      });
    case 'refused':
      return t(`vote-result-refused-${change.reason}`, {
        rule: change.ruleNumber ?? '',
        code: change.code ?? '',
      });
  }
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);

/**
 * The result post: counts per option, turnout of the electorate, the quorum, the result and the
 * rulebook change; then, for an open ballot only, who chose what, in as many messages as it takes.
 */
export function renderVoteResult(t: Translate, view: VoteResultView): string[] {
  const counts = view.options
    .map((option: OptionCount) =>
      t('vote-result-count-line', {
        label: optionLabel(t, option),
        count: option.count,
        percent: percent(option.count, view.turnout),
      }),
    )
    .join('\n');
  const quorum =
    view.quorumPercent === null
      ? t('vote-result-quorum-none')
      : t(view.record.quorumMet ? 'vote-result-quorum-met' : 'vote-result-quorum-missed', {
          quorum: view.quorumPercent,
        });
  const change = renderRulebookChange(t, view.record.change);
  const main = t('vote-result-post', {
    number: view.number,
    title: view.title,
    counts,
    turnout: view.turnout,
    electorate: view.electorateSize,
    percent: percent(view.turnout, view.electorateSize),
    quorum,
    threshold: t(`vote-result-threshold-${view.threshold.toLowerCase().replace('_', '-')}`),
    result: t(`vote-result-${view.record.result.toLowerCase().replace('_', '-')}`),
    change: change === '' ? '' : ['', change].join('\n'),
  });
  if (!view.names) return [main];
  const lines: string[] = [];
  for (const option of view.options) {
    const names = view.names.get(option.position) ?? [];
    if (names.length === 0) continue;
    lines.push(t('vote-result-names-line', { label: optionLabel(t, option), names: names.join('、') }));
  }
  if (lines.length === 0) return [main];
  const chunks: string[] = [];
  let current = t('vote-result-names-title', { number: view.number });
  for (const line of lines.flatMap((line) => splitLong(line))) {
    if (current.length + line.length + 1 > NAMES_CHUNK) {
      chunks.push(current);
      current = '';
    }
    current = current === '' ? line : [current, line].join('\n');
  }
  chunks.push(current);
  return [main, ...chunks];
}

function splitLong(line: string): string[] {
  const parts: string[] = [];
  for (let at = 0; at < line.length; at += NAMES_CHUNK) parts.push(line.slice(at, at + NAMES_CHUNK));
  return parts;
}

/** The receipts as a text file anyone can recount from: one line per ballot, sorted by receipt. */
export function renderReceiptsFile(
  t: Translate,
  vote: {
    number: number;
    title: string;
    options: { position: number; meaning: VoteOptionMeaning; label: string | null }[];
  },
  receipts: readonly { receipt: string; position: number }[],
): string {
  const labels = new Map(vote.options.map((option) => [option.position, optionLabel(t, option)]));
  const header = t('vote-receipts-file-header', {
    number: vote.number,
    title: vote.title,
    count: receipts.length,
  });
  const body = receipts.map((row) => `${row.receipt}\t${row.position}\t${labels.get(row.position) ?? ''}`);
  return `${header}\n${body.join('\n')}\n`;
}
