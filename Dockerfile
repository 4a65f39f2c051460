# One image for the bot, the worker and the migration step; docker-compose.yml picks the command.
# Two stages: `build` installs everything, generates the Prisma client and compiles the production entry
# points to dist/ (npm run build); the runtime image gets production dependencies, dist/ and the files
# the programs read at run time, and no tests, benchmarks, tools, demo or TypeScript sources.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# No install scripts: nothing is downloaded. `prisma generate` needs no engine (db:generate points it at
# /bin/false) and migrations run on Prisma's WebAssembly schema engine.
RUN npm ci --ignore-scripts
COPY prisma.config.ts tsconfig.json tsconfig.build.json ./
COPY prisma ./prisma
# db:generate patches the generated client after generating it (scripts/patch-generated-client.mjs).
COPY scripts/patch-generated-client.mjs ./scripts/patch-generated-client.mjs
RUN npm run db:generate
COPY core ./core
COPY bot ./bot
COPY worker ./worker
COPY scripts ./scripts
RUN npm run build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
# npm runs no install scripts and no pre/post scripts here: the root postinstall (prisma generate) and
# prestart (the build) need devDependencies, and dist/ is already built.
ENV npm_config_ignore_scripts=true
COPY package.json package-lock.json ./
# --omit=optional as well: @prisma/client's optional peers (the prisma CLI, typescript) are our
# devDependencies, which npm then marks devOptional and installs with --omit=dev alone (~260 MB more).
# The only other optional package, msgpackr-extract, is a native speed-up that BullMQ's msgpackr does without.
COPY scripts/patch-prisma-runtime.mjs ./scripts/patch-prisma-runtime.mjs
RUN npm ci --omit=dev --omit=optional && npm cache clean --force && node scripts/patch-prisma-runtime.mjs
COPY --from=build /app/dist ./dist
# scripts/run-entry.mjs lets `npm run db:migrate` run dist/prisma/migrate.js here (no tsx, no sources).
COPY scripts/run-entry.mjs ./scripts/run-entry.mjs
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY prisma/migrations ./prisma/migrations
COPY locales ./locales

USER node
# glibc malloc settings for the bot and the worker: scripts/lib/node-flags.ts (PRODUCTION_ENV) says why.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=32768
# node itself, not npm: npm does not pass SIGTERM on, and the bot and worker shut down gracefully on it.
# --max-semi-space-size=2 --liftoff-only: scripts/lib/node-flags.ts says why.
CMD ["node", "--max-semi-space-size=2", "--liftoff-only", "dist/bot/main.js"]
