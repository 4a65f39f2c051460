import { defineConfig } from 'prisma/config';

// The CLI reads only what it needs here; the apps build their own clients from core/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations', seed: 'tsx prisma/seed.ts' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/yingshan' },
});
