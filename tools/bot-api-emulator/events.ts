import type { Update } from 'grammy/types';
import type { WebhookDelivery } from './bot-state.ts';
import type { RecordedCall } from './call-recorder.ts';

export type EmulatorEvent =
  | { type: 'call'; call: RecordedCall }
  | { type: 'update'; botId: number; update: Update }
  | { type: 'webhook'; botId: number; delivery: WebhookDelivery }
  | { type: 'reset' };

/** Fan-out of everything that happens, for the SSE stream and waiters. */
export class EventHub {
  private readonly listeners = new Set<(event: EmulatorEvent) => void>();

  subscribe(listener: (event: EmulatorEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EmulatorEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }
}
