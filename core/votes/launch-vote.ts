import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import { newBallotKey } from './ballot-crypto.ts';
import { type ValidVoteDraft, validateVoteDraft } from './validate-vote-draft.ts';
import { VOTE_REMINDER_LEAD_MINUTES, type VoteDraft } from './vote-types.ts';

export interface LaunchedVote {
  voteId: number;
  number: number;
  closesAt: Date;
  /** When those who have not voted are reminded; null for a vote shorter than the reminder's lead. */
  reminderAt: Date | null;
  /** Every member who may cast a ballot: whom the vote is sent to. */
  electorMemberIds: number[];
  /** Ballots the electorate holds (members, or households): the quorum's base. */
  electorateSize: number;
}

const MINUTE_MS = 60_000;

/**
 * Launches a vote: checks what it changes still exists, fixes its electorate (VoteElector rows, one
 * statement: members who join later have none, so they cannot vote and do not move the quorum), its
 * options and, for a secret ballot, its key. Run in the launching update's transaction, which also
 * owes its timers (worker/votes-schedule.ts) and its announcement and ballots.
 */
export async function launchVote(
  db: Db,
  input: { actor: Membership | undefined; draft: VoteDraft; now: Date },
): Promise<LaunchedVote> {
  const actor = requireAllowed(input.actor, 'vote.launch');
  const draft = validateVoteDraft(input.draft);
  const villageId = actor.villageId;
  await checkTarget(db, villageId, draft);
  const talkItemId = await findTalkItem(db, villageId, draft.talkItemNumber);

  const number = await allocateNumber(db, villageId, 'nextVoteNumber');
  const closesAt = new Date(input.now.getTime() + draft.durationMinutes * MINUTE_MS);
  const vote = await db.vote.create({
    data: {
      villageId,
      number,
      title: draft.title,
      body: draft.body,
      kind: draft.kind,
      ruleNumber: draft.ruleNumber,
      pointRuleChange: draft.pointRuleChange ?? undefined,
      talkItemId,
      electorate: draft.electorate,
      // Set below, once the electorate is written.
      electorateSize: 0,
      secret: draft.secret,
      quorumPercent: draft.quorumPercent,
      threshold: draft.threshold,
      createdById: actor.memberId,
      opensAt: input.now,
      closesAt,
      ballotKey: draft.secret ? newBallotKey() : null,
      options: {
        create: draft.options.map((option, i) => ({
          position: i + 1,
          meaning: option.meaning,
          label: option.label,
        })),
      },
    },
    select: { id: true },
  });

  const electors = await writeElectorate(db, { voteId: vote.id, villageId, draft });
  const electorateSize = new Set(electors.map((elector) => elector.holder)).size;
  if (electorateSize === 0) throw new DomainError('vote-electorate-empty');
  await db.vote.update({ where: { id: vote.id }, data: { electorateSize } });

  const reminderAt =
    draft.durationMinutes > VOTE_REMINDER_LEAD_MINUTES
      ? new Date(closesAt.getTime() - VOTE_REMINDER_LEAD_MINUTES * MINUTE_MS)
      : null;
  return {
    voteId: vote.id,
    number,
    closesAt,
    reminderAt,
    electorMemberIds: electors.map((elector) => elector.memberId),
    electorateSize,
  };
}

/** What an amendment, a repeal or a points-rule change names must exist, and be in force. */
async function checkTarget(db: Db, villageId: number, draft: ValidVoteDraft): Promise<void> {
  if (draft.ruleNumber !== null) {
    const rule = await db.rule.findUnique({
      where: { villageId_number: { villageId, number: draft.ruleNumber } },
      select: { repealedAt: true },
    });
    if (!rule) throw new DomainError('vote-rule-not-found', { number: draft.ruleNumber });
    if (rule.repealedAt) throw new DomainError('vote-rule-repealed', { number: draft.ruleNumber });
  }
  const change = draft.pointRuleChange;
  if (change) {
    const rule = await db.pointRule.findUnique({
      where: { villageId_code: { villageId, code: change.code } },
      select: { retiredAt: true, points: true },
    });
    if (change.action === 'add' && rule)
      throw new DomainError(rule.retiredAt ? 'point-rule-code-retired' : 'point-rule-exists', {
        code: change.code,
      });
    if (change.action !== 'add' && !rule)
      throw new DomainError('point-rule-not-found', { code: change.code });
    if (change.action !== 'add' && rule?.retiredAt)
      throw new DomainError('point-rule-retired', { code: change.code });
    if (change.action === 'edit' && rule?.points === change.points)
      throw new DomainError('point-rule-unchanged', { code: change.code });
  }
}

async function findTalkItem(db: Db, villageId: number, number: number | null): Promise<number | null> {
  if (number === null) return null;
  const item = await db.talkItem.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { id: true, hiddenAt: true },
  });
  if (!item || item.hiddenAt) throw new DomainError('talk-not-found', { number });
  return item.id;
}

/**
 * One INSERT … SELECT from the village's active members, so a village of 20,000 costs one statement.
 * A named list must name active members only: a missing number refuses the launch, naming it. Under
 * one vote per household a member without a household (a secretary who never named one) votes as a
 * household of one, as ballotHolder says.
 */
async function writeElectorate(
  db: Db,
  input: { voteId: number; villageId: number; draft: ValidVoteDraft },
): Promise<{ memberId: number; holder: string }[]> {
  const { voteId, villageId, draft } = input;
  const list = draft.electorate === 'LIST' ? draft.listMemberNumbers : null;
  if (list) {
    const found = await db.member.findMany({
      where: { villageId, number: { in: list }, status: 'ACTIVE' },
      select: { number: true },
    });
    const missing = list.filter((number) => !found.some((member) => member.number === number));
    if (missing.length > 0) throw new DomainError('vote-list-invalid', { numbers: missing.join(', ') });
  }
  const perHousehold = draft.electorate === 'HOUSEHOLDS';
  return db.$queryRaw<{ memberId: number; holder: string }[]>`
    INSERT INTO "VoteElector" ("voteId", "villageId", "memberId", holder)
    SELECT ${voteId}, m."villageId", m.id,
           CASE WHEN ${perHousehold} AND m."householdId" IS NOT NULL THEN 'h' || m."householdId" ELSE 'm' || m.id END
    FROM "Member" m
    WHERE m."villageId" = ${villageId} AND m.status = 'ACTIVE'
      AND (${list}::int[] IS NULL OR m.number = ANY(${list}::int[]))
    RETURNING "memberId", holder`;
}
