import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { ballotPseudonym, ballotReceipt } from './ballot-crypto.ts';
import { VOTE_BALLOTS_LOCK, type VoteOptionMeaning } from './vote-types.ts';

export type BallotChoice = { position: number } | { meaning: VoteOptionMeaning };

export interface CastBallot {
  voteId: number;
  number: number;
  title: string;
  position: number;
  meaning: VoteOptionMeaning;
  label: string | null;
  /** The voter's receipt for this ballot (a new one for every change). */
  receipt: string;
  /** True when this replaced an earlier ballot of the same holder (the voter's, or their household's). */
  changed: boolean;
  /** The member whose ballot this is: the voter, or the villager a proxy voted for. */
  castForMemberId: number;
  /** The cadre who recorded it on the villager's behalf. */
  proxyByMemberId: number | null;
  secret: boolean;
}

interface LockedVote {
  id: number;
  number: number;
  title: string;
  secret: boolean;
  ballotKey: Uint8Array | null;
  status: string;
  beforeDeadline: boolean;
}

/**
 * Casts (or changes) a ballot. Run in the voter's update transaction.
 *
 * Every cast holds the vote's ballots lock (a transaction-scoped advisory lock) shared: many voters
 * hold it at once, and the close takes it exclusively, so it waits until every ballot in flight has
 * committed and every later cast waits for the close, then finds the vote CLOSED. An advisory lock and
 * not the vote row `FOR SHARE`: PostgreSQL grants a row share lock to a newcomer even while an update
 * waits for the row, so under a steady stream of voters the close never got it (1,000 voters kept it
 * waiting until the test's timeout); the lock manager queues an advisory request behind a waiting
 * exclusive one. The deadline is the database's clock (`statement_timestamp()`), the same for every process.
 * The choice goes to VoteBallot under the holder's pseudonym (one row per holder: a change replaces
 * it); who took part goes to VoteParticipation, which never holds the choice.
 *
 * A proxy (`forMemberNumber`, a cadre or the secretary) votes for a villager without a phone; the
 * villager's own later vote replaces it, but a proxy never replaces a ballot cast in person.
 */
export async function castBallot(
  db: Db,
  input: {
    actor: Membership | undefined;
    voteNumber: number;
    choice: BallotChoice;
    forMemberNumber?: number;
  },
): Promise<CastBallot> {
  const byProxy = input.forMemberNumber !== undefined;
  const actor = requireAllowed(input.actor, byProxy ? 'vote.proxy' : 'vote.cast');
  const vote = await lockVote(db, actor.villageId, input.voteNumber);
  if (vote.status !== 'OPEN' || !vote.beforeDeadline)
    throw new DomainError('vote-closed', { number: vote.number });

  const voter = byProxy
    ? await findVillager(db, actor.villageId, input.forMemberNumber ?? 0)
    : { memberId: actor.memberId, name: displayName(actor) };
  if (byProxy && voter.memberId === actor.memberId) throw new DomainError('vote-proxy-self');

  const elector = await db.voteElector.findUnique({
    where: { voteId_memberId: { voteId: vote.id, memberId: voter.memberId } },
    select: { holder: true },
  });
  if (!elector) throw new DomainError('vote-not-elector', { number: vote.number });

  const option = await db.voteOption.findFirst({
    where: {
      voteId: vote.id,
      ...('position' in input.choice ? { position: input.choice.position } : input.choice),
    },
    select: { position: true, meaning: true, label: true },
  });
  if (!option) throw new DomainError('vote-option-unknown', { number: vote.number });

  const proxyById = byProxy ? actor.memberId : null;
  const [participation] = await db.$queryRaw<{ casts: number }[]>`
    INSERT INTO "VoteParticipation" ("voteId", "villageId", holder, "castById", "proxyById")
    VALUES (${vote.id}, ${actor.villageId}, ${elector.holder}, ${voter.memberId}, ${proxyById})
    ON CONFLICT ("voteId", holder) DO UPDATE
      SET "castById" = EXCLUDED."castById", "proxyById" = EXCLUDED."proxyById",
          casts = "VoteParticipation".casts + 1
      WHERE EXCLUDED."proxyById" IS NULL OR "VoteParticipation"."proxyById" IS NOT NULL
    RETURNING casts`;
  if (!participation)
    throw new DomainError('vote-proxy-voted-in-person', { number: vote.number, name: voter.name });

  const pseudonym = ballotPseudonym(vote, elector.holder);
  const receipt = ballotReceipt(pseudonym, option.position);
  await db.$executeRaw`
    INSERT INTO "VoteBallot" ("voteId", pseudonym, position, receipt)
    VALUES (${vote.id}, ${pseudonym}, ${option.position}, ${receipt})
    ON CONFLICT ("voteId", pseudonym) DO UPDATE SET position = EXCLUDED.position, receipt = EXCLUDED.receipt`;

  return {
    voteId: vote.id,
    number: vote.number,
    title: vote.title,
    position: option.position,
    meaning: option.meaning,
    label: option.label,
    receipt,
    changed: participation.casts > 1,
    castForMemberId: voter.memberId,
    proxyByMemberId: proxyById,
    secret: vote.secret,
  };
}

async function lockVote(db: Db, villageId: number, number: number): Promise<LockedVote> {
  const [found] = await db.$queryRaw<{ id: number }[]>`
    SELECT id FROM "Vote" WHERE "villageId" = ${villageId} AND number = ${number}`;
  if (!found) throw new DomainError('vote-not-found', { number });
  await db.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtext(${VOTE_BALLOTS_LOCK}), ${found.id})`;
  // Read after the lock: a close that committed while this waited is seen as CLOSED.
  const [vote] = await db.$queryRaw<LockedVote[]>`
    SELECT id, number, title, secret, "ballotKey", status::text AS status,
           "closesAt" > statement_timestamp() AS "beforeDeadline"
    FROM "Vote" WHERE id = ${found.id}`;
  if (!vote) throw new DomainError('vote-not-found', { number });
  return vote;
}

async function findVillager(
  db: Db,
  villageId: number,
  number: number,
): Promise<{ memberId: number; name: string }> {
  const member = await db.member.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { id: true, status: true, realName: true, number: true },
  });
  if (member?.status !== 'ACTIVE') throw new DomainError('member-not-found', { number });
  return { memberId: member.id, name: displayName(member) };
}
