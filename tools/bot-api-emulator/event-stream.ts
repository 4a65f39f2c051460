import type { ServerResponse } from 'node:http';
import type { EventHub } from './events.ts';

const HEARTBEAT_MS = 15_000;

/** Server-sent events of every recorded call, injected update and webhook delivery. */
export class EventStream {
  private readonly clients = new Set<ServerResponse>();

  constructor(private readonly events: EventHub) {}

  open(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    res.write('retry: 1000\n\n');
    const unsubscribe = this.events.subscribe((event) => {
      res.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    this.clients.add(res);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.clients.delete(res);
    });
  }

  closeAll(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
