import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBotApiRequest, sendJson } from './bot-api-routes.ts';
import type { EmulatorControl } from './control.ts';
import { createControlRoutes } from './control-routes.ts';
import { EventStream } from './event-stream.ts';

export interface ListeningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The HTTP front of the emulator: Bot API paths, file downloads and the control API. */
export async function startServer(
  control: EmulatorControl,
  host: string,
  port: number,
): Promise<ListeningServer> {
  const stream = new EventStream(control.core.events);
  const handleControl = createControlRoutes(control, stream);
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    void (async () => {
      try {
        if (await handleControl(req, res, url)) return;
        if (await handleBotApiRequest(control.core, req, res, url)) return;
        sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
      } catch (error) {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error_code: 500, description: String(error) });
        else res.destroy();
      }
    })();
  });
  // Long polls last up to the bot's timeout; never cut them on Node's defaults.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        control.core.close();
        stream.closeAll();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
