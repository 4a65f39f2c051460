import { chatMethods } from './chats.ts';
import type { MethodHandler } from './context.ts';
import { messageMethods } from './messages.ts';
import { updateMethods } from './updates.ts';

/** The implemented Bot API methods by lower-cased name: Telegram matches method names case-insensitively. */
export const METHODS: ReadonlyMap<string, { name: string; handler: MethodHandler }> = new Map(
  Object.entries({ ...updateMethods, ...messageMethods, ...chatMethods }).map(([name, handler]) => [
    name.toLowerCase(),
    { name, handler },
  ]),
);

export type { MethodContext, MethodEnvironment, MethodHandler } from './context.ts';
