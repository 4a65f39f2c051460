/**
 * `npm run db:seed`: the demo village (友谊村) in the database at DATABASE_URL (else the local
 * `yingshan` database). Idempotent: what exists already is kept. `npm run demo` seeds on its own.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrismaClient } from '../core/db/client.ts';
import { LOCAL_POSTGRES_URL } from '../core/db/embedded.ts';
import { DEMO_PEOPLE, seedDemoVillage } from '../core/demo/seed-demo-village.ts';
import { envValue, loadDotEnv } from '../scripts/lib/env-file.ts';
import { redactUrl } from './migrator/database-url.ts';

loadDotEnv(join(fileURLToPath(new URL('..', import.meta.url)), '.env'));
const databaseUrl = envValue('DATABASE_URL') ?? LOCAL_POSTGRES_URL;
const prisma = createPrismaClient(databaseUrl, { maxConnections: 1 });
try {
  const seeded = await seedDemoVillage(prisma);
  console.log(
    `${seeded.created ? 'Seeded' : 'Checked'} 友谊村 (${DEMO_PEOPLE.length} people, invite code ` +
      `${seeded.inviteCode}) in ${redactUrl(databaseUrl)}`,
  );
} finally {
  await prisma.$disconnect();
}
