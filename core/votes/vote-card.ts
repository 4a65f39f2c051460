import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { displayName } from '../members/display-name.ts';
import type {
  PointRuleChange,
  VoteElectorate,
  VoteKind,
  VoteOptionMeaning,
  VoteResult,
  VoteThreshold,
} from './vote-types.ts';

/** How many comments a card shows (the latest). */
export const VOTE_CARD_COMMENTS = 3;

/**
 * A vote as a card shows it: the proposal, its options and rules, turnout (how many took part: never
 * a tally, which exists only after the close), likes and the latest comments. Read by the bot (/vote n)
 * and the worker (the private ballot, the group announcement) alike.
 */
export interface VoteCard {
  voteId: number;
  villageId: number;
  number: number;
  title: string;
  body: string;
  kind: VoteKind;
  ruleNumber: number | null;
  pointRuleChange: PointRuleChange | null;
  electorate: VoteElectorate;
  electorateSize: number;
  secret: boolean;
  quorumPercent: number | null;
  threshold: VoteThreshold;
  closesAt: Date;
  isOpen: boolean;
  result: VoteResult | null;
  timezone: string;
  groupChatId: bigint | null;
  options: { position: number; meaning: VoteOptionMeaning; label: string | null }[];
  turnout: number;
  likes: number;
  commentCount: number;
  comments: { name: string; number: number; text: string }[];
}

export async function loadVoteCard(
  db: Db,
  where: { villageId: number; number: number } | { voteId: number },
): Promise<VoteCard | undefined> {
  const vote = await db.vote.findUnique({
    where: 'voteId' in where ? { id: where.voteId } : { villageId_number: where },
    include: {
      village: { select: { timezone: true, groupChatId: true } },
      options: { orderBy: { position: 'asc' }, select: { position: true, meaning: true, label: true } },
      comments: {
        orderBy: { createdAt: 'desc' },
        take: VOTE_CARD_COMMENTS,
        select: { text: true, author: { select: { realName: true, number: true } } },
      },
      _count: { select: { participants: true, likes: true, comments: true } },
    },
  });
  if (!vote) return undefined;
  return {
    voteId: vote.id,
    villageId: vote.villageId,
    number: vote.number,
    title: vote.title,
    body: vote.body,
    kind: vote.kind,
    ruleNumber: vote.ruleNumber,
    pointRuleChange: (vote.pointRuleChange as PointRuleChange | null) ?? null,
    electorate: vote.electorate,
    electorateSize: vote.electorateSize,
    secret: vote.secret,
    quorumPercent: vote.quorumPercent,
    threshold: vote.threshold,
    closesAt: vote.closesAt,
    isOpen: vote.status === 'OPEN' && vote.closesAt.getTime() > Date.now(),
    result: vote.result,
    timezone: vote.village.timezone,
    groupChatId: vote.village.groupChatId,
    options: vote.options,
    turnout: vote.status === 'CLOSED' && vote.turnout !== null ? vote.turnout : vote._count.participants,
    likes: vote._count.likes,
    commentCount: vote._count.comments,
    comments: vote.comments.reverse().map((comment) => ({
      name: displayName(comment.author),
      number: comment.author.number,
      text: comment.text,
    })),
  };
}

/** A vote's times as villagers read them, in the village's time zone (numeric: the same in both languages). */
export function formatVoteTime(at: Date, timezone: string): string {
  const local = DateTime.fromJSDate(at, { zone: timezone });
  return (local.isValid ? local : DateTime.fromJSDate(at, { zone: 'Asia/Shanghai' })).toFormat(
    'yyyy-MM-dd HH:mm',
  );
}

/** Whether the member may vote in it and whether their ballot (or their household's) is in: never what it says. */
export async function myVoteStanding(
  db: Db,
  voteId: number,
  memberId: number,
): Promise<'not-elector' | 'voted' | 'not-voted'> {
  const elector = await db.voteElector.findUnique({
    where: { voteId_memberId: { voteId, memberId } },
    select: { holder: true },
  });
  if (!elector) return 'not-elector';
  const participation = await db.voteParticipation.findUnique({
    where: { voteId_holder: { voteId, holder: elector.holder } },
    select: { castById: true },
  });
  return participation ? 'voted' : 'not-voted';
}

export interface VoteListing {
  number: number;
  title: string;
  isOpen: boolean;
  closesAt: Date;
  turnout: number;
  electorateSize: number;
  result: VoteResult | null;
}

/** The village's open votes and its most recent others, newest first: turnout only. */
export async function listVotes(db: Db, villageId: number, recent = 5): Promise<VoteListing[]> {
  const select = {
    number: true,
    title: true,
    status: true,
    closesAt: true,
    turnout: true,
    electorateSize: true,
    result: true,
    _count: { select: { participants: true } },
  } as const;
  const [open, closed] = await Promise.all([
    db.vote.findMany({ where: { villageId, status: 'OPEN' }, orderBy: { number: 'desc' }, select }),
    db.vote.findMany({
      where: { villageId, status: { not: 'OPEN' } },
      orderBy: { number: 'desc' },
      take: recent,
      select,
    }),
  ]);
  return [...open, ...closed].map((vote) => ({
    number: vote.number,
    title: vote.title,
    isOpen: vote.status === 'OPEN' && vote.closesAt.getTime() > Date.now(),
    closesAt: vote.closesAt,
    turnout: vote.status === 'CLOSED' && vote.turnout !== null ? vote.turnout : vote._count.participants,
    electorateSize: vote.electorateSize,
    result: vote.result,
  }));
}
