import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { VoteResult } from '../votes/vote-types.ts';

export interface RulebookEntry {
  number: number;
  title: string;
  version: number;
  text: string;
}

/** `/rules`: the village rulebook as it stands, each rule's current text; repealed rules are left out. */
export async function readRulebook(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<RulebookEntry[]> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const rules = await db.rule.findMany({
    where: { villageId: actor.villageId, repealedAt: null },
    orderBy: { number: 'asc' },
    select: {
      number: true,
      title: true,
      currentVersion: true,
      versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true, text: true } },
    },
  });
  return rules.flatMap((rule) => {
    const current = rule.versions[0];
    return current
      ? [{ number: rule.number, title: rule.title, version: current.version, text: current.text }]
      : [];
  });
}

/** The vote that made a version or a repeal, as the history names it. */
export interface HistoryVote {
  number: number;
  title: string;
  closedAt: Date | null;
  result: VoteResult | null;
  counts: { meaning: string; label: string | null; count: number }[];
}

export type HistoryEvent =
  | {
      kind: 'version';
      ruleNumber: number;
      title: string;
      version: number;
      at: Date;
      vote: HistoryVote | null;
    }
  | { kind: 'repeal'; ruleNumber: number; title: string; at: Date; vote: HistoryVote | null };

const VOTE_SELECT = {
  number: true,
  title: true,
  closedAt: true,
  result: true,
  options: { orderBy: { position: 'asc' }, select: { meaning: true, label: true, finalCount: true } },
} as const;

/** `/rules history`: every version of every rule and every repeal, oldest first, with the vote that made it. */
export async function readRulebookHistory(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<HistoryEvent[]> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const rules = await db.rule.findMany({
    where: { villageId: actor.villageId },
    select: {
      id: true,
      number: true,
      title: true,
      repealedAt: true,
      repealedByVoteId: true,
      versions: {
        orderBy: { version: 'asc' },
        select: { version: true, adoptedAt: true, vote: { select: VOTE_SELECT } },
      },
    },
  });
  const repealIds = rules.flatMap((rule) => (rule.repealedByVoteId === null ? [] : [rule.repealedByVoteId]));
  const repealVotes = new Map(
    (await db.vote.findMany({ where: { id: { in: repealIds } }, select: { id: true, ...VOTE_SELECT } })).map(
      (vote) => [vote.id, vote],
    ),
  );
  type VoteRow = Omit<NonNullable<(typeof rules)[number]['versions'][number]['vote']>, never>;
  const asVote = (vote: VoteRow | null | undefined): HistoryVote | null =>
    vote
      ? {
          number: vote.number,
          title: vote.title,
          closedAt: vote.closedAt,
          result: vote.result,
          counts: vote.options.map((option) => ({
            meaning: option.meaning,
            label: option.label,
            count: option.finalCount ?? 0,
          })),
        }
      : null;
  const events: HistoryEvent[] = [];
  for (const rule of rules) {
    for (const version of rule.versions)
      events.push({
        kind: 'version',
        ruleNumber: rule.number,
        title: rule.title,
        version: version.version,
        at: version.adoptedAt,
        vote: asVote(version.vote),
      });
    if (rule.repealedAt)
      events.push({
        kind: 'repeal',
        ruleNumber: rule.number,
        title: rule.title,
        at: rule.repealedAt,
        vote: asVote(repealVotes.get(rule.repealedByVoteId ?? 0)),
      });
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || a.ruleNumber - b.ruleNumber);
}
