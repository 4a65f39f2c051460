import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { createApiRoutes, type PlaygroundContext } from './api-routes.ts';

export interface PlaygroundServerOptions extends PlaygroundContext {
  /** The built page (tools/playground/dist). */
  distDir: string;
  port: number;
  host?: string;
}

export interface PlaygroundServer {
  url: string;
  port: number;
  /** The wanted port was taken, so another was picked. */
  portTaken: boolean;
  close(): Promise<void>;
}

/**
 * One Node server for the page and its API: static files (pre-compressed by the build, hashed
 * assets cached for good) and `/api/*` over the emulator.
 */
export function createPlaygroundApp(options: PlaygroundServerOptions): Hono {
  const app = new Hono();
  app.route('/api', createApiRoutes(options));
  app.use(
    '/assets/*',
    serveStatic({
      root: options.distDir,
      precompressed: true,
      onFound: (_path, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  );
  app.use(
    '*',
    serveStatic({
      root: options.distDir,
      precompressed: true,
      onFound: (_path, c) => c.header('cache-control', 'no-cache'),
    }),
  );
  // A deep link (e.g. `/?start=...` or any path) gets the page.
  app.get('*', serveStatic({ root: options.distDir, path: 'index.html', precompressed: true }));
  return app;
}

/** Listens on the wanted port; when it is taken, on any free one (the URL is printed, not typed). */
export async function startPlaygroundServer(options: PlaygroundServerOptions): Promise<PlaygroundServer> {
  const app = createPlaygroundApp(options);
  const host = options.host ?? '127.0.0.1';
  let portTaken = false;
  let server: Server;
  try {
    server = await listen(app, host, options.port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || options.port === 0) throw error;
    portTaken = true;
    server = await listen(app, host, 0);
  }
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    portTaken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // open event streams would hold close() forever
      }),
  };
}

function listen(app: Hono, hostname: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, () => {
      server.off('error', reject);
      resolve(server as Server);
    }) as Server;
    server.once('error', reject);
  });
}
