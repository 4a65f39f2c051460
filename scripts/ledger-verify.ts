/**
 * `npm run ledger:verify`: recomputes every village's points ledger and checks it against its
 * published checkpoints and its head (core/points/verify-ledger.ts). Prints one line per village;
 * exits 1 when any chain does not hold, naming the first sequence that does not. DATABASE_URL from
 * the environment, else from .env, as `npm start` reads it.
 */
import { join } from 'node:path';
import { createDatabase } from '../core/db/client.ts';
import { verifyLedger } from '../core/points/verify-ledger.ts';
import { PROJECT_ROOT } from '../core/project-root.ts';
import { envValue, loadDotEnv } from './lib/env-file.ts';

loadDotEnv(join(PROJECT_ROOT, '.env'));
const databaseUrl = envValue('DATABASE_URL') ?? 'postgresql://postgres@127.0.0.1:5432/yingshan';
const { prisma, sql } = createDatabase(databaseUrl, { maxConnections: 2 });

let broken = 0;
try {
  const villages = await prisma.village.findMany({
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  });
  for (const village of villages) {
    // Entries through the plain pg reader: a million-entry chain in a fraction of Prisma's time.
    const verdict = await verifyLedger(prisma, village.id, { reader: sql });
    if (verdict.ok) {
      console.log(
        `ok      village ${village.id} (${village.name}): ${verdict.entries} entries, ` +
          `${verdict.checkpoints} checkpoints, head ${verdict.headHash.slice(0, 8)}`,
      );
    } else {
      broken++;
      console.log(
        `BROKEN  village ${village.id} (${village.name}): sequence ${verdict.sequence} (${verdict.reason})`,
      );
    }
  }
} finally {
  await prisma.$disconnect();
}
process.exitCode = broken > 0 ? 1 : 0;
