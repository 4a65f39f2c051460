/** `npm run playground:build`: builds the page into tools/playground/dist and prints its weight. */
import { ensureWebBuilt, measureDist } from './server/build-web.ts';

await ensureWebBuilt({ force: true });
const size = await measureDist();
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
console.log(
  `tools/playground/dist: ${size.files} scripts and styles, ${kb(size.rawBytes)} (${kb(size.gzipBytes)} gzipped)`,
);
