/**
 * The node options production runs the bot and the worker with (`npm start`, the Docker image, the
 * bench, and tests that start compiled programs).
 *
 * A young generation of 2 MB semi-spaces instead of V8's 16 MB: under load V8 otherwise grows it to
 * ~48 MB and hands the pages back only when its memory reducer runs, seconds into an idle spell. With
 * it the bot ends `npm run bench`'s throughput phase at 135–145 MB instead of 170–190 MB, at no CPU
 * cost we could measure (1.1–1.2 ms per update either way): what survives a scavenge here is a few
 * Prisma and grammY objects per update, so the smaller space collects as cheaply, only more often.
 * Dockerfile and docker-compose.yml spell the same flag; keep them in step.
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
