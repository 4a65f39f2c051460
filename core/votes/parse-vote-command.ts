import type { BallotChoice } from './cast-ballot.ts';

/** The words a choice is typed with, in both languages (what /vote and /proxyvote accept). */
const CHOICE_WORDS: Record<string, BallotChoice> = {
  for: { meaning: 'FOR' },
  yes: { meaning: 'FOR' },
  赞成: { meaning: 'FOR' },
  同意: { meaning: 'FOR' },
  支持: { meaning: 'FOR' },
  against: { meaning: 'AGAINST' },
  no: { meaning: 'AGAINST' },
  反对: { meaning: 'AGAINST' },
  不同意: { meaning: 'AGAINST' },
  abstain: { meaning: 'ABSTAIN' },
  弃权: { meaning: 'ABSTAIN' },
};

/** "for", "赞成", "2" (an option's position): the choice, or undefined when it is none of these. */
export function parseBallotChoice(text: string): BallotChoice | undefined {
  const word = text.trim().toLowerCase();
  if (/^\d{1,2}$/.test(word) && Number(word) >= 1) return { position: Number(word) };
  return CHOICE_WORDS[word];
}

/** A vote number as typed: "3", "#3", "第3号". */
export function parseVoteNumber(text: string | undefined): number | undefined {
  const match = /^(?:#|第)?(\d{1,9})号?$/.exec(text?.trim() ?? '');
  return match && Number(match[1]) > 0 ? Number(match[1]) : undefined;
}

export type VoteCommand =
  | { kind: 'show'; number: number }
  | { kind: 'cast'; number: number; choice: BallotChoice }
  | { kind: 'bad-choice'; number: number; word: string }
  | { kind: 'usage' };

/** `/vote <n>` (the card), `/vote <n> <choice>`. */
export function parseVoteCommand(match: string): VoteCommand {
  const [head, ...rest] = match.trim().split(/\s+/);
  const number = parseVoteNumber(head);
  if (!number) return { kind: 'usage' };
  if (rest.length === 0) return { kind: 'show', number };
  const word = rest.join(' ');
  const choice = parseBallotChoice(word);
  return choice ? { kind: 'cast', number, choice } : { kind: 'bad-choice', number, word: word.slice(0, 20) };
}

/** `/proxyvote <n> <member number> <choice>`. */
export function parseProxyCommand(
  match: string,
): { number: number; memberNumber: number; choice: BallotChoice } | undefined {
  const [n, member, ...rest] = match.trim().split(/\s+/);
  const number = parseVoteNumber(n);
  const memberNumber = parseVoteNumber(member);
  const choice = parseBallotChoice(rest.join(' '));
  return number && memberNumber && choice ? { number, memberNumber, choice } : undefined;
}
