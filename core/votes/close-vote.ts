import { z } from 'zod';
import type { Prisma } from '../db/client.ts';
import { type DomainErrorCode, isDomainError } from '../errors.ts';
import { addPointRuleAs } from '../points/add-point-rule.ts';
import { editPointRuleAs } from '../points/edit-point-rule.ts';
import {
  POINT_RULE_CODE_MAX,
  POINT_RULE_DESCRIPTION_MAX,
  POINT_RULE_POINTS_MAX,
} from '../points/point-rule-values.ts';
import { retirePointRuleAs } from '../points/retire-point-rule.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import { tally } from './tally.ts';
import {
  type PointRuleChange,
  VOTE_BALLOTS_LOCK,
  type VoteKind,
  type VoteOptionMeaning,
  type VoteResult,
  type VoteThreshold,
} from './vote-types.ts';

/** Why an adopted vote's rulebook change was not made (the result stands all the same). */
export type RulebookRefusal =
  | 'rule-missing'
  | 'rule-repealed'
  | 'rule-changed-meanwhile'
  | 'point-rule-change-invalid'
  | Extract<
      DomainErrorCode,
      | 'point-rule-exists'
      | 'point-rule-code-retired'
      | 'point-rule-not-found'
      | 'point-rule-retired'
      | 'point-rule-unchanged'
      | 'point-rule-changed-meanwhile'
      | 'point-rule-description-invalid'
    >;

/** What the close did to the rulebook or the points table; kept in the close's audit row for the group post. */
export type RulebookChange =
  | { kind: 'none' }
  | { kind: 'rule-added'; ruleNumber: number; version: number }
  | { kind: 'rule-amended'; ruleNumber: number; version: number }
  | { kind: 'rule-repealed'; ruleNumber: number }
  | { kind: 'point-rule'; action: PointRuleChange['action']; code: string; ruleId: number; version: number }
  | { kind: 'refused'; reason: RulebookRefusal; ruleNumber?: number; code?: string };

export interface OptionCount {
  position: number;
  meaning: VoteOptionMeaning;
  label: string | null;
  count: number;
}

export type CloseVoteOutcome =
  | {
      outcome: 'closed';
      voteId: number;
      villageId: number;
      number: number;
      result: VoteResult;
      quorumMet: boolean;
      turnout: number;
      electorateSize: number;
      counts: OptionCount[];
      change: RulebookChange;
      /** Whom to tell the result: the member who cast each counted ballot (for a household, the last to cast it). */
      voterMemberIds: number[];
    }
  | { outcome: 'already-closed' | 'missing' }
  | { outcome: 'wait'; until: Date };

/** The audit action of a close; its row's `data` is `ClosedVoteRecord`, what the result post renders. */
export const VOTE_CLOSED_ACTION = 'vote.closed';

export interface ClosedVoteRecord {
  result: VoteResult;
  quorumMet: boolean;
  change: RulebookChange;
}

interface LockedVote {
  id: number;
  villageId: number;
  number: number;
  title: string;
  body: string;
  kind: VoteKind;
  ruleNumber: number | null;
  pointRuleChange: unknown;
  electorateSize: number;
  secret: boolean;
  quorumPercent: number | null;
  threshold: VoteThreshold;
  createdById: number;
  opensAt: Date;
  closesAt: Date;
  status: string;
}

/**
 * Closes a vote at its deadline, once, in the vote-close timer's transaction: counts its ballots,
 * writes the result, destroys a secret vote's key, and makes the rulebook change an adopted vote
 * asks for. Run twice (a retried timer, two workers), the second finds it closed and does nothing;
 * fired early (a clock ahead of the deadline), it says when to come back.
 *
 * Why a lock, then the count, then the update, and not one `UPDATE … SET result = (SELECT count …)`:
 * an UPDATE's subqueries read with the snapshot taken before it waited for locks, so it would miss
 * every ballot committed while it waited; and the CHECK `Vote_closed_has_result` wants status and
 * result in the same row write. So the close first takes the vote's ballots lock exclusively (casts
 * hold it shared: it waits for every cast in flight, and every later cast waits for this transaction,
 * then finds the vote CLOSED; see cast-ballot.ts for why an advisory lock), then the row; the count
 * that follows, a new statement, sees every ballot committed before and none after.
 */
export async function closeVote(
  tx: Prisma.TransactionClient,
  input: { voteId: number; now: Date },
): Promise<CloseVoteOutcome> {
  const { voteId, now } = input;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${VOTE_BALLOTS_LOCK}), ${voteId})`;
  const [vote] = await tx.$queryRaw<LockedVote[]>`
    SELECT id, "villageId", number, title, body, kind::text AS kind, "ruleNumber", "pointRuleChange",
           "electorateSize", secret, "quorumPercent", threshold::text AS threshold, "createdById",
           "opensAt", "closesAt", status::text AS status
    FROM "Vote" WHERE id = ${voteId} FOR NO KEY UPDATE`;
  if (!vote) return { outcome: 'missing' };
  if (vote.status !== 'OPEN') return { outcome: 'already-closed' };
  if (vote.closesAt > now) return { outcome: 'wait', until: vote.closesAt };

  // Counted now, after the lock: the tally is never stored before the close.
  const counted = await tx.$queryRaw<
    { position: number; meaning: VoteOptionMeaning; label: string | null; count: number }[]
  >`
    UPDATE "VoteOption" o
    SET "finalCount" = (SELECT count(*) FROM "VoteBallot" b WHERE b."voteId" = o."voteId" AND b.position = o.position)
    WHERE o."voteId" = ${voteId}
    RETURNING o.position, o.meaning::text AS meaning, o.label, o."finalCount" AS count`;
  const counts = counted.sort((a, b) => a.position - b.position);
  const turnout = counts.reduce((sum, option) => sum + option.count, 0);
  const byMeaning: Partial<Record<VoteOptionMeaning, number>> = {};
  for (const option of counts) byMeaning[option.meaning] = (byMeaning[option.meaning] ?? 0) + option.count;
  const { result, quorumMet } = tally({
    counts: byMeaning,
    turnout,
    electorateSize: vote.electorateSize,
    quorumPercent: vote.quorumPercent,
    threshold: vote.threshold,
  });

  // The key goes in the same write as the result (the CHECKs allow a key only while OPEN).
  const closed = await tx.$executeRaw`
    UPDATE "Vote"
    SET status = 'CLOSED', result = ${result}::"VoteResult", turnout = ${turnout}, "closedAt" = ${now},
        "ballotKey" = NULL
    WHERE id = ${voteId} AND status = 'OPEN' AND "closesAt" <= ${now}`;
  if (closed !== 1) throw new Error(`vote ${voteId} changed under its row lock`);

  if (vote.secret) {
    // With the key gone no pseudonym can be recomputed; but each ballot row still carries, as its
    // xmin, the id of the transaction that cast it, as does the voter's VoteParticipation row, and
    // the rows' physical order follows the order of casting. Deleting and re-inserting every ballot
    // here, ordered by pseudonym, gives them all this transaction's id and an order that says
    // nothing. What this does NOT protect against: the write-ahead log and any backup or replica
    // taken while the vote was open (they hold the old row versions with their transaction ids),
    // and the dead row versions left in the table until VACUUM removes them. An operator who keeps
    // those can still link a ballot to its voter; the README says so.
    await tx.$executeRaw`
      WITH gone AS (DELETE FROM "VoteBallot" WHERE "voteId" = ${voteId} RETURNING *)
      INSERT INTO "VoteBallot" ("voteId", pseudonym, position, receipt)
      SELECT "voteId", pseudonym, position, receipt FROM gone ORDER BY pseudonym`;
  }

  const change = result === 'ADOPTED' ? await changeRulebook(tx, vote, now) : ({ kind: 'none' } as const);
  const record: ClosedVoteRecord = { result, quorumMet, change };
  await tx.auditEvent.create({
    data: {
      villageId: vote.villageId,
      action: VOTE_CLOSED_ACTION,
      subject: `vote-${vote.number}`,
      data: { voteId, turnout, ...record },
    },
  });
  const voters = await tx.voteParticipation.findMany({
    where: { voteId },
    select: { castById: true },
    orderBy: { castById: 'asc' },
  });
  return {
    outcome: 'closed',
    voteId,
    villageId: vote.villageId,
    number: vote.number,
    result,
    quorumMet,
    turnout,
    electorateSize: vote.electorateSize,
    counts,
    change,
    voterMemberIds: [...new Set(voters.map((voter) => voter.castById))],
  };
}

/**
 * The stored change, held to what /pointrule accepts (the table's CHECKs are stricter than zod's
 * types): a value that would violate one is refused here rather than aborting the close.
 */
const code = z
  .string()
  .max(POINT_RULE_CODE_MAX)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/);
const points = z
  .number()
  .int()
  .refine((value) => value !== 0 && Math.abs(value) <= POINT_RULE_POINTS_MAX);
const description = z.string().trim().min(1).max(POINT_RULE_DESCRIPTION_MAX);
const pointRuleChangeSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('add'),
    code,
    points,
    descriptionZh: description,
    descriptionEn: description,
  }),
  z.object({ action: z.literal('edit'), code, points }),
  z.object({ action: z.literal('retire'), code }),
]);

/**
 * An adopted vote's change, each one a conditional write: a rule amended or repealed by another vote
 * since this one opened is left alone (the voters decided on a text that is no longer the rule's),
 * and so is a points rule that cannot take the change. The result stands either way; the refusal is
 * what the announcement says. Nothing here fails at the SQL level, so the close commits regardless.
 */
async function changeRulebook(
  tx: Prisma.TransactionClient,
  vote: LockedVote,
  now: Date,
): Promise<RulebookChange> {
  switch (vote.kind) {
    case 'NEW_RULE': {
      const number = await allocateNumber(tx, vote.villageId, 'nextRuleNumber');
      const rule = await tx.rule.create({
        data: { villageId: vote.villageId, number, title: vote.title, currentVersion: 1, createdAt: now },
      });
      await tx.ruleVersion.create({
        data: {
          villageId: vote.villageId,
          ruleId: rule.id,
          version: 1,
          title: vote.title,
          text: vote.body,
          voteId: vote.id,
          adoptedAt: now,
        },
      });
      return { kind: 'rule-added', ruleNumber: number, version: 1 };
    }
    case 'AMEND_RULE':
    case 'REPEAL_RULE': {
      const ruleNumber = vote.ruleNumber ?? 0;
      const rule = await tx.rule.findUnique({
        where: { villageId_number: { villageId: vote.villageId, number: ruleNumber } },
        select: { id: true, title: true, currentVersion: true, repealedAt: true },
      });
      if (!rule) return { kind: 'refused', reason: 'rule-missing', ruleNumber };
      if (rule.repealedAt) return { kind: 'refused', reason: 'rule-repealed', ruleNumber };
      const since = await tx.ruleVersion.count({
        where: { ruleId: rule.id, adoptedAt: { gt: vote.opensAt } },
      });
      if (since > 0) return { kind: 'refused', reason: 'rule-changed-meanwhile', ruleNumber };
      if (vote.kind === 'REPEAL_RULE') {
        const repealed = await tx.rule.updateMany({
          where: { id: rule.id, currentVersion: rule.currentVersion, repealedAt: null },
          data: { repealedAt: now, repealedByVoteId: vote.id },
        });
        if (repealed.count === 0) return { kind: 'refused', reason: 'rule-changed-meanwhile', ruleNumber };
        return { kind: 'rule-repealed', ruleNumber };
      }
      const version = rule.currentVersion + 1;
      // Conditional on the version read: another vote's amendment committed meanwhile wins, this one is refused.
      const bumped = await tx.rule.updateMany({
        where: { id: rule.id, currentVersion: rule.currentVersion, repealedAt: null },
        data: { currentVersion: version },
      });
      if (bumped.count === 0) return { kind: 'refused', reason: 'rule-changed-meanwhile', ruleNumber };
      await tx.ruleVersion.create({
        data: {
          villageId: vote.villageId,
          ruleId: rule.id,
          version,
          title: rule.title,
          text: vote.body,
          voteId: vote.id,
          adoptedAt: now,
        },
      });
      return { kind: 'rule-amended', ruleNumber, version };
    }
    case 'POINT_RULE':
      return changePointRule(tx, vote);
  }
}

async function changePointRule(tx: Prisma.TransactionClient, vote: LockedVote): Promise<RulebookChange> {
  const parsed = pointRuleChangeSchema.safeParse(vote.pointRuleChange);
  if (!parsed.success) return { kind: 'refused', reason: 'point-rule-change-invalid' };
  const change = parsed.data;
  // The vote made the change; its creator is recorded as the changer (a member, as the version row wants).
  const as = { villageId: vote.villageId, changedById: vote.createdById, code: change.code };
  try {
    const rule =
      change.action === 'add'
        ? await addPointRuleAs(tx, {
            ...as,
            points: change.points,
            caps: {},
            description: { zh: change.descriptionZh, en: change.descriptionEn },
          })
        : change.action === 'edit'
          ? (await editPointRuleAs(tx, { ...as, points: change.points, caps: {}, description: undefined }))
              .rule
          : await retirePointRuleAs(tx, as);
    return {
      kind: 'point-rule',
      action: change.action,
      code: rule.code,
      ruleId: rule.ruleId,
      version: rule.version,
    };
  } catch (error) {
    // These refuse before writing anything (see addPointRuleAs), so the transaction carries on.
    if (isDomainError(error))
      return { kind: 'refused', reason: error.code as RulebookRefusal, code: change.code };
    throw error;
  }
}
