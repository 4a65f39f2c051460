/**
 * Updates that share a key are handled strictly in order; different keys run in parallel.
 * A chat is the natural unit (a conversation must not be answered out of order);
 * updates without a chat fall back to their sender.
 */
export function chatKeyOf(update: Record<string, unknown>): string {
  for (const value of Object.values(update)) {
    if (typeof value !== 'object' || value === null) continue;
    const record = value as {
      chat?: { id?: number };
      message?: { chat?: { id?: number } };
      from?: { id?: number };
      user?: { id?: number };
    };
    const chatId = record.chat?.id ?? record.message?.chat?.id;
    if (chatId !== undefined) return `chat:${chatId}`;
    const userId = record.from?.id ?? record.user?.id;
    if (userId !== undefined) return `user:${userId}`;
  }
  return 'none';
}
