import { inject } from 'vitest';

// Runs in every test worker before its files: whatever the pool, the run's database and Redis prefix
// reach code that reads process.env (and the processes that code spawns).
process.env.DATABASE_URL = inject('DATABASE_URL');
process.env.REDIS_PREFIX = inject('REDIS_PREFIX');
process.env.REDIS_URL = inject('REDIS_URL');
