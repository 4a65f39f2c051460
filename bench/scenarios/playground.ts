/**
 * The village playground's page: how long a cold load takes in Debian's Chromium and what its scripts
 * and styles weigh gzipped, against the targets (under 1 s, under 200 kB). Runs inside `npm run bench`
 * (`--only playground` for just this) or alone: `npx tsx bench/scenarios/playground.ts`.
 *
 * The page is served as `npm run demo` serves it, over an emulator with the seeded personas; no bot
 * is needed to load it. "Cheap phone" repeats the load with the CPU slowed 4× and a 1.6 Mbit/s,
 * 150 ms link (Chrome's "Fast 3G"), printed for information.
 */
import { pathToFileURL } from 'node:url';
import { DEMO_GROUP, DEMO_INVITE_CODE } from '../../core/demo/seed-demo-village.ts';
import { seededPersonas } from '../../scripts/demo/playground-personas.ts';
import { launchChromium } from '../../test/playground/browser.ts';
import { createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { DIST_DIR, ensureWebBuilt, measureDist } from '../../tools/playground/server/build-web.ts';
import { PersonaStore } from '../../tools/playground/server/persona-store.ts';
import { startPlaygroundServer } from '../../tools/playground/server/playground-server.ts';

const LOAD_TARGET_MS = 1000;
const WEIGHT_TARGET_BYTES = 200 * 1024;
const SAMPLES = 7;
const TOKEN = '100000:DEMO_yingshan_local_token';

interface LoadSample {
  /** Navigation start to the load event. */
  loadMs: number;
  /** Navigation start to the persona list drawn (the page is usable). */
  readyMs: number;
}

/** Prints the playground's rows; false when the measurement itself failed. */
export async function runPlaygroundBench(): Promise<boolean> {
  const emulator = await createBotApiEmulator({ port: 0 });
  const server = await startPlaygroundServer({
    emulator,
    botToken: TOKEN,
    personas: new PersonaStore(seededPersonas()),
    group: DEMO_GROUP,
    inviteLink: `https://t.me/yingshan_bot?start=join_${DEMO_INVITE_CODE}`,
    distDir: DIST_DIR,
    port: 0,
  });
  const browser = await launchChromium();
  try {
    await ensureWebBuilt();
    const weight = await measureDist();
    const coldLoad = async (cheapPhone: boolean): Promise<LoadSample> => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      if (cheapPhone) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
        await cdp.send('Network.emulateNetworkConditions', {
          offline: false,
          latency: 150,
          downloadThroughput: (1.6 * 1024 * 1024) / 8,
          uploadThroughput: (750 * 1024) / 8,
        });
      }
      await page.goto(server.url);
      await page.locator('.persona').first().waitFor();
      const sample = await page.evaluate<LoadSample>(
        `(() => { const [n] = performance.getEntriesByType('navigation');
          return { loadMs: n.loadEventEnd - n.startTime, readyMs: performance.now() - n.startTime }; })()`,
      );
      await context.close();
      return sample;
    };
    await coldLoad(false); // Chromium's own first-start costs are not the page's
    const samples: LoadSample[] = [];
    for (let i = 0; i < SAMPLES; i++) samples.push(await coldLoad(false));
    const phone = await coldLoad(true);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
    const load = median(samples.map((s) => s.loadMs));
    const ready = median(samples.map((s) => s.readyMs));
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

    console.log();
    console.log(
      `  playground page (cold, median of ${SAMPLES}): load event ${load.toFixed(0)} ms, usable ${ready.toFixed(0)} ms; ` +
        `cheap phone (4× CPU, Fast 3G): load ${phone.loadMs.toFixed(0)} ms, usable ${phone.readyMs.toFixed(0)} ms`,
    );
    console.log(
      `${verdict(ready < LOAD_TARGET_MS)}  playground page usable in ${ready.toFixed(0)} ms (target < ${LOAD_TARGET_MS} ms)`,
    );
    console.log(
      `${verdict(weight.gzipBytes < WEIGHT_TARGET_BYTES)}  playground scripts+styles ${kb(weight.gzipBytes)} gzipped ` +
        `(${kb(weight.rawBytes)} raw, ${weight.files} files; target < ${kb(WEIGHT_TARGET_BYTES)})`,
    );
    return true;
  } catch (error) {
    console.error('playground bench failed:', error instanceof Error ? error.message : error);
    return false;
  } finally {
    await browser.close();
    await server.close();
    await emulator.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exit((await runPlaygroundBench()) ? 0 : 1);
}
