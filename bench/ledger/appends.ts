/**
 * Appends per second for one village: `appendLedgerEntries` (hashing, the chain-head lock, Prisma's
 * multi-row insert and the tally trigger) against plain inserts of the same rows into the same table
 * (precomputed dummy hashes, one multi-row INSERT through pg per batch, the same trigger), each batch
 * one transaction, as the worker applies a batch of approved awards. Rounds alternate between the
 * two, so load from elsewhere on the machine falls on both alike.
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries, type NewLedgerEntry } from '../../core/points/ledger.ts';
import { GENESIS_HASH } from '../../core/points/ledger-hash.ts';
import { perSecond, plannedEntry, utcTimestampLiteral } from './entry-plan.ts';
import type { LedgerVillage } from './seed-village.ts';

export interface AppendParams {
  /** Entries per transaction in the batched comparison. */
  batch: number;
  /** Timed batches per path (after one untimed warm-up batch each). */
  rounds: number;
  /** One-entry transactions, timed after a warm-up of a tenth as many. */
  singles: number;
}

export interface AppendResult {
  batch: number;
  entries: number;
  /** appendLedgerEntries, `batch` entries per transaction. */
  chainedPerSecond: number;
  /** Plain multi-row INSERTs, `batch` rows per transaction. */
  plainPerSecond: number;
  /** appendLedgerEntries, one entry per transaction (sequential). */
  singlePerSecond: number;
  singles: number;
}

const COLUMNS = [
  'villageId',
  'sequence',
  'memberId',
  'householdId',
  'amount',
  'reason',
  'ruleCode',
  'prevHash',
  'hash',
  'createdAt',
] as const;

function entriesFor(village: LedgerVillage, from: number, count: number): NewLedgerEntry[] {
  return Array.from({ length: count }, (_, i) => {
    const plan = plannedEntry(from + i, village.members.length);
    const member = village.members[plan.memberIndex];
    if (!member) throw new Error(`no member ${plan.memberIndex}`);
    return {
      memberId: member.id,
      householdId: member.householdId,
      amount: plan.amount,
      reason: plan.reason,
      ruleCode: plan.ruleCode,
    };
  });
}

/** The same rows as a plain multi-row INSERT statement with its parameters, hashes made up in advance. */
function plainInsert(village: LedgerVillage, firstSequence: number, entries: readonly NewLedgerEntry[]) {
  const createdAt = utcTimestampLiteral(new Date());
  const values: unknown[] = [];
  const tuples = entries.map((entry, i) => {
    const sequence = firstSequence + i;
    const hash = createHash('sha256').update(`plain-${village.villageId}-${sequence}`).digest('hex');
    values.push(
      village.villageId,
      sequence,
      entry.memberId,
      entry.householdId ?? null,
      entry.amount,
      entry.reason,
      entry.ruleCode ?? null,
      GENESIS_HASH,
      hash,
      createdAt,
    );
    const base = i * COLUMNS.length;
    return `(${COLUMNS.map((_, c) => `$${base + c + 1}`).join(', ')})`;
  });
  const text = `INSERT INTO "LedgerEntry" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
  return { text, values };
}

async function inTransaction(pool: pg.Pool, text: string, values: unknown[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(text, values);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => null);
    throw error;
  } finally {
    client.release();
  }
}

/** `chained` and `plain` are two villages of the same size; `single` a third (its own chain). */
export async function measureAppends(
  db: { prisma: PrismaClient; pool: pg.Pool },
  villages: { chained: LedgerVillage; plain: LedgerVillage; single: LedgerVillage },
  params: AppendParams,
): Promise<AppendResult> {
  const { prisma, pool } = db;
  const appendBatch = (village: LedgerVillage, from: number, count: number) => {
    const entries = entriesFor(village, from, count);
    return prisma.$transaction((tx) => appendLedgerEntries(tx, village.villageId, entries));
  };
  let chainedMs = 0;
  let plainMs = 0;
  // Round 0 is the warm-up of each path (Prisma's query plans, the head row, the tally rows).
  for (let round = 0; round <= params.rounds; round++) {
    const from = round * params.batch;
    const entries = entriesFor(villages.plain, from, params.batch);
    const plain = plainInsert(villages.plain, from + 1, entries);
    let startedAt = performance.now();
    await appendBatch(villages.chained, from, params.batch);
    if (round > 0) chainedMs += performance.now() - startedAt;
    startedAt = performance.now();
    await inTransaction(pool, plain.text, plain.values);
    if (round > 0) plainMs += performance.now() - startedAt;
  }
  const warmup = Math.max(1, Math.floor(params.singles / 10));
  for (let i = 0; i < warmup; i++) await appendBatch(villages.single, i, 1);
  const startedAt = performance.now();
  for (let i = 0; i < params.singles; i++) await appendBatch(villages.single, warmup + i, 1);
  const singleMs = performance.now() - startedAt;
  const timed = params.rounds * params.batch;
  return {
    batch: params.batch,
    entries: timed,
    chainedPerSecond: perSecond(timed, chainedMs),
    plainPerSecond: perSecond(timed, plainMs),
    singlePerSecond: perSecond(params.singles, singleMs),
    singles: params.singles,
  };
}
