/**
 * The node options production runs the bot and the worker with (`npm start`, the Docker image, the
 * bench, and tests that start compiled programs).
 *
 * A young generation of 2 MB semi-spaces instead of V8's 16 MB: under load V8 otherwise grows it to
 * ~48 MB and hands the pages back only when its memory reducer runs, seconds into an idle spell. With
 * it the bot ends `npm run bench`'s throughput phase at 135–145 MB instead of 170–190 MB, at no CPU
 * cost we could measure (1.1–1.2 ms per update either way): what survives a scavenge here is a few
 * Prisma and grammY objects per update, so the smaller space collects as cheaply, only more often.
 *
 * WebAssembly compiled by V8's baseline compiler (Liftoff) only, never re-compiled by TurboFan when
 * hot: the bot runs two modules, Prisma's query compiler and undici's HTTP parser (llhttp), and
 * TurboFan compiling llhttp's large state machine took 30–35 MB for a moment after the first
 * requests (the bot's peak RSS 150–160 MB instead of 122–124 MB, the worker's 140 instead of 121;
 * idle 1–3 MB more), at no CPU cost `npm run bench` could see: /me 0.42–0.47 ms per update with and
 * without, a volunteer join 4.6 ms. A V8 flag: a Node upgrade that drops it fails the build tests.
 *
 * Dockerfile and docker-compose.yml spell the same flags (test/build/deploy-files.test.ts checks).
 */
export const PRODUCTION_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2', '--liftoff-only'];

/**
 * glibc malloc settings production runs the bot and the worker with (read by the C library when the
 * process starts, so they are environment variables, not node flags; the Dockerfile sets the same).
 *
 * An idle bot held 25–35 MB of malloc'd memory that was free: V8 compiles in short-lived "zones" of
 * 32 kB segments, on the main thread and on its worker threads, each of which glibc gives an arena of
 * its own; the burst of compiling after start-up leaves free chunks inside the arenas that glibc never
 * returns. With two arenas, and every allocation of 32 kB or more a mapping of its own (returned when
 * freed), the idle bot measured 95–98 MB instead of 104–129 MB (`npm run bench`, README). The cost:
 * each socket read's 64 kB buffer is then a mapping too, about 10% more CPU per update; memory is what
 * a small village server runs out of first.
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '32768',
};
