import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Preact through the automatic JSX runtime: no plugin needed. `npm run demo` serves dist/; for work
// on the page, `npx vite tools/playground/web` proxies the API to a running demo.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
