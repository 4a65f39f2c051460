import { EmulatorControl } from './control.ts';
import type { BotApiEmulatorOptions } from './emulator-core.ts';
import { startServer } from './server.ts';

export type {
  CallbackQueryRecord,
  ChatBlock,
  KnownChat,
  MethodFault,
  WebhookDelivery,
} from './bot-state.ts';
export type { CallFilter, RecordedCall } from './call-recorder.ts';
export { CallTimeoutError } from './call-recorder.ts';
export type {
  BotSelector,
  FailMethodOptions,
  InjectMessageInput,
  InjectResult,
  PaidBroadcastsView,
  PendingUpdatesView,
  PressButtonInput,
  WebhookStateView,
} from './control.ts';
export { EmulatorControl } from './control.ts';
export type { BotApiEmulatorOptions, BotProfile, Latency } from './emulator-core.ts';
export { ControlError } from './emulator-core.ts';
export type { EmulatorEvent } from './events.ts';
export type { ChatMessageView, MessageVersion } from './message-store.ts';
export type { BucketLimit, RateLimitOptions } from './rate-limiter.ts';
export { DEFAULT_RATE_LIMITS } from './rate-limiter.ts';
export type { GroupSpec, MessageContent, UserSpec } from './update-factory.ts';

export interface CreateBotApiEmulatorOptions extends BotApiEmulatorOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
}

/** A running emulator: the control operations in process, plus where it listens. */
export class BotApiEmulator extends EmulatorControl {
  url = '';
  port = 0;
  private stop: (() => Promise<void>) | undefined;

  /** Listens; `url` is the `apiRoot` to give grammY. */
  async listen(port = 0, host = '127.0.0.1'): Promise<this> {
    const server = await startServer(this, host, port);
    this.url = server.url;
    this.port = server.port;
    this.stop = server.close;
    return this;
  }

  async close(): Promise<void> {
    await this.stop?.();
    this.stop = undefined;
  }
}

/** Starts an emulator on 127.0.0.1 (port 0 = any free port). */
export async function createBotApiEmulator(
  options: CreateBotApiEmulatorOptions = {},
): Promise<BotApiEmulator> {
  const { port = 0, host = '127.0.0.1', ...emulatorOptions } = options;
  return new BotApiEmulator(emulatorOptions).listen(port, host);
}
