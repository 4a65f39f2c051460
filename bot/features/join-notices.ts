import type { LocalizedMessage, NoticeButtons } from '../../worker/queues.ts';
import type { BotContext } from '../context.ts';

/**
 * Owes notices about a newcomer (their name, number and household filled in by the worker when it
 * sends), one per recipient, after the commit; keys name the intent, this update and the recipient.
 */
export async function oweJoinNotices(
  ctx: BotContext,
  input: {
    recipients: readonly number[];
    newcomerId: number;
    intent: string;
    message: LocalizedMessage;
    buttons?: NoticeButtons;
  },
): Promise<void> {
  const recipients = [...new Set(input.recipients)];
  if (recipients.length === 0) return;
  await ctx.write((tx) =>
    ctx.owed.jobs(
      tx,
      'notify',
      recipients.map((memberId) => ({
        dedupeKey: `${input.intent}-${input.newcomerId}-${ctx.updateKey}-${memberId}`,
        memberId,
        message: input.message,
        aboutMemberId: input.newcomerId,
        ...(input.buttons && { buttons: input.buttons }),
      })),
    ),
  );
}
