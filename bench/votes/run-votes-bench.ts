/**
 * The votes section of `npm run bench` (issue 11): the time to close and tally a vote of 20,000
 * ballots. A village of 20,000 members, its electorate, participations and ballots are written with
 * SQL (generate_series), then `closeVote` runs in one transaction as the vote-close timer runs it: once
 * for an open ballot, once for a secret one (which also rewrites every ballot row). Its own database;
 * prints its figures; resolves false when the run itself failed.
 */
import { performance } from 'node:perf_hooks';
import { createDatabase, type PrismaClient } from '../../core/db/client.ts';
import { closeVote } from '../../core/votes/close-vote.ts';
import { dropDatabase, redactUrl } from '../../prisma/migrator/database-url.ts';
import { createBenchDatabase } from '../lib/bench-database.ts';
import { fixed, loadAverage } from '../lib/table.ts';

export interface VotesBenchParams {
  databaseServer: string;
  suffix: string;
  ballots: number;
}

export async function runVotesBench(params: VotesBenchParams): Promise<boolean> {
  console.log();
  console.log(`Votes bench (issue 11): close and tally a vote of ${params.ballots} ballots`);
  console.log(`  load average ${loadAverage()} at the start of the section`);
  let databaseUrl: string | undefined;
  let prisma: PrismaClient | undefined;
  try {
    databaseUrl = await createBenchDatabase(params.databaseServer, `${params.suffix}_votes`);
    console.log(`  database ${redactUrl(databaseUrl)} (dropped at the end)`);
    prisma = createDatabase(databaseUrl, { maxConnections: 2 }).prisma;
    const seededAt = performance.now();
    const villageId = await seedVillage(prisma, params.ballots);
    const votes = [];
    for (const secret of [false, true])
      votes.push({ secret, voteId: await seedVote(prisma, villageId, params.ballots, secret) });
    console.log(
      `  seeded ${params.ballots} members and two votes of ${params.ballots} ballots each in ${fixed((performance.now() - seededAt) / 1000)} s`,
    );
    for (const { secret, voteId } of votes) {
      const closesAt = new Date();
      const at = performance.now();
      const outcome = await prisma.$transaction((tx) => closeVote(tx, { voteId, now: closesAt }), {
        timeout: 120_000,
      });
      const ms = performance.now() - at;
      if (outcome.outcome !== 'closed') throw new Error(`vote ${voteId} did not close: ${outcome.outcome}`);
      const counts = outcome.counts
        .map((option) => `${option.meaning.toLowerCase()} ${option.count}`)
        .join(', ');
      console.log(
        `INFO  close and tally, ${secret ? 'secret' : 'open'} ballot: ${fixed(ms)} ms for ${outcome.turnout} ballots ` +
          `(${counts}; ${outcome.result}; ${outcome.voterMemberIds.length} voters to tell; commit included)`,
      );
    }
    console.log(`  load average ${loadAverage()} at the end of the section`);
    return true;
  } catch (error) {
    console.error('\nvotes bench failed:', error instanceof Error ? error.message : error);
    return false;
  } finally {
    await prisma?.$disconnect();
    if (databaseUrl) await dropDatabase(databaseUrl).catch(() => {});
  }
}

async function seedVillage(prisma: PrismaClient, members: number): Promise<number> {
  const [village] = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO "Village" (name, "inviteCode", "createdById", "nextMemberNumber")
    VALUES ('表决村', 'VOTEBENCH', 900000001, ${members + 1}) RETURNING id`;
  const villageId = village?.id;
  if (villageId === undefined) throw new Error('no village');
  await prisma.$executeRaw`
    INSERT INTO "User" (id, "firstName", "updatedAt")
    SELECT 900000000 + n, '村民' || n, now() FROM generate_series(1, ${members}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "Member" ("villageId", "userId", number, "realName", status)
    SELECT ${villageId}::int, 900000000 + n, n, '村民' || n, 'ACTIVE' FROM generate_series(1, ${members}::int) n`;
  return villageId;
}

/** An open vote past its deadline whose every elector voted (a third each for, against, abstain). */
async function seedVote(
  prisma: PrismaClient,
  villageId: number,
  ballots: number,
  secret: boolean,
): Promise<number> {
  const [vote] = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO "Vote" ("villageId", number, title, body, kind, "electorateSize", secret, "createdById",
                        "opensAt", "closesAt", "ballotKey")
    SELECT ${villageId}::int, ${secret ? 2 : 1}::int, '禁止婚前宴请', '村民办婚事不办婚前宴请。', 'NEW_RULE', ${ballots}::int,
           ${secret}, min(id), now() - interval '5 days', now() - interval '1 second',
           CASE WHEN ${secret} THEN '\\x0102'::bytea END
    FROM "Member" WHERE "villageId" = ${villageId}::int
    RETURNING id`;
  const voteId = vote?.id;
  if (voteId === undefined) throw new Error('no vote');
  await prisma.$executeRaw`
    INSERT INTO "VoteOption" ("voteId", position, meaning)
    VALUES (${voteId}, 1, 'FOR'), (${voteId}, 2, 'AGAINST'), (${voteId}, 3, 'ABSTAIN')`;
  await prisma.$executeRaw`
    INSERT INTO "VoteElector" ("voteId", "villageId", "memberId", holder)
    SELECT ${voteId}::int, ${villageId}::int, id, 'm' || id FROM "Member" WHERE "villageId" = ${villageId}::int`;
  await prisma.$executeRaw`
    INSERT INTO "VoteParticipation" ("voteId", "villageId", holder, "castById")
    SELECT ${voteId}::int, ${villageId}::int, 'm' || id, id FROM "Member" WHERE "villageId" = ${villageId}::int`;
  // A secret ballot's pseudonym is an HMAC; any distinct string serves the close. Receipts: 10 base-32 letters.
  await prisma.$executeRaw`
    INSERT INTO "VoteBallot" ("voteId", pseudonym, position, receipt)
    SELECT ${voteId}::int,
           CASE WHEN ${secret} THEN md5('p' || id) ELSE 'm' || id END,
           1 + id % 3,
           translate(upper(substr(md5('r' || id || ${voteId}::text), 1, 10)), '01890', 'ABCDE')
    FROM "Member" WHERE "villageId" = ${villageId}::int`;
  return voteId;
}
