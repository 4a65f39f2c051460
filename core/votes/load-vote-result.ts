import type { Db } from '../db/client.ts';
import { displayName } from '../members/display-name.ts';
import { type ClosedVoteRecord, type OptionCount, VOTE_CLOSED_ACTION } from './close-vote.ts';
import type { VoteThreshold } from './vote-types.ts';

export interface VoteResultView {
  villageId: number;
  groupChatId: bigint | null;
  number: number;
  title: string;
  secret: boolean;
  turnout: number;
  electorateSize: number;
  quorumPercent: number | null;
  threshold: VoteThreshold;
  record: ClosedVoteRecord;
  options: OptionCount[];
  /**
   * An open ballot only: who chose each option (by position), the member who cast each counted
   * ballot. Never filled for a secret vote, whose ballots carry no member.
   */
  names: Map<number, string[]> | undefined;
}

/** A closed vote as its result post shows it; undefined while it is open (or never was). */
export async function loadVoteResult(db: Db, input: { voteId: number }): Promise<VoteResultView | undefined> {
  const vote = await db.vote.findUnique({
    where: { id: input.voteId },
    select: {
      villageId: true,
      number: true,
      title: true,
      secret: true,
      status: true,
      turnout: true,
      electorateSize: true,
      quorumPercent: true,
      threshold: true,
      village: { select: { groupChatId: true } },
      options: { orderBy: { position: 'asc' } },
    },
  });
  if (vote?.status !== 'CLOSED' || vote.turnout === null) return undefined;
  const audit = await db.auditEvent.findFirst({
    where: { villageId: vote.villageId, action: VOTE_CLOSED_ACTION, subject: `vote-${vote.number}` },
    select: { data: true },
  });
  if (!audit?.data) return undefined;
  let names: Map<number, string[]> | undefined;
  if (!vote.secret) {
    // In an open vote a ballot's pseudonym is its holder, the key of its participation row.
    const [ballots, participants] = await Promise.all([
      db.voteBallot.findMany({
        where: { voteId: input.voteId },
        select: { pseudonym: true, position: true },
      }),
      db.voteParticipation.findMany({
        where: { voteId: input.voteId },
        select: { holder: true, castBy: { select: { number: true, realName: true } } },
        orderBy: { castBy: { number: 'asc' } },
      }),
    ]);
    const positionOf = new Map(ballots.map((ballot) => [ballot.pseudonym, ballot.position]));
    names = new Map();
    for (const participant of participants) {
      const position = positionOf.get(participant.holder);
      if (position === undefined) continue;
      names.set(position, [...(names.get(position) ?? []), displayName(participant.castBy)]);
    }
  }
  return {
    villageId: vote.villageId,
    groupChatId: vote.village.groupChatId,
    number: vote.number,
    title: vote.title,
    secret: vote.secret,
    turnout: vote.turnout,
    electorateSize: vote.electorateSize,
    quorumPercent: vote.quorumPercent,
    threshold: vote.threshold,
    record: audit.data as unknown as ClosedVoteRecord,
    options: vote.options.map((option) => ({
      position: option.position,
      meaning: option.meaning,
      label: option.label,
      count: option.finalCount ?? 0,
    })),
    names,
  };
}

export interface ReceiptRow {
  receipt: string;
  position: number;
}

/** A closed vote's receipts with their choices, sorted by receipt: what anyone may recount. */
export async function listVoteReceipts(db: Db, input: { voteId: number }): Promise<ReceiptRow[]> {
  return db.voteBallot.findMany({
    where: { voteId: input.voteId },
    select: { receipt: true, position: true },
    orderBy: { receipt: 'asc' },
  });
}
