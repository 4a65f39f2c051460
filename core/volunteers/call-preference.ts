import type { CallPreference } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

/** `/calls on|volunteer|off`: whether the member hears of volunteer calls (urgent ones included). */
export async function setCallPreference(
  db: Db,
  input: { actor: Membership | undefined; preference: CallPreference },
): Promise<void> {
  const actor = requireAllowed(input.actor, 'volunteer.join');
  await db.member.update({ where: { id: actor.memberId }, data: { callPreference: input.preference } });
}

export async function callPreferenceOf(db: Db, actor: Membership): Promise<CallPreference> {
  const member = await db.member.findUniqueOrThrow({
    where: { id: actor.memberId },
    select: { callPreference: true },
  });
  return member.callPreference;
}

/**
 * The call an invite message shows, for a reply to it ("2", "join"): by the private chat and the
 * message id the worker recorded when it sent the invite. Undefined for any other message.
 */
export async function findCallByInviteMessage(
  db: Db,
  input: { chatId: bigint; messageId: number },
): Promise<{ villageId: number; callNumber: number; shifts: number } | undefined> {
  const invite = await db.volunteerCallInvite.findUnique({
    where: { chatId_messageId: { chatId: input.chatId, messageId: input.messageId } },
    select: { call: { select: { villageId: true, number: true, _count: { select: { shifts: true } } } } },
  });
  return invite
    ? { villageId: invite.call.villageId, callNumber: invite.call.number, shifts: invite.call._count.shifts }
    : undefined;
}

/** A reply to an invite: "2", "第2班", "join", "报名" (the only shift, when there is one). */
export function readJoinReply(text: string, shifts: number): number | undefined {
  const trimmed = text.trim().toLowerCase();
  const number = /^(?:#|第|shift\s*)?(\d{1,2})\s*(?:班|号)?$/.exec(trimmed);
  if (number) {
    const position = Number(number[1]);
    return position >= 1 && position <= shifts ? position : undefined;
  }
  if (shifts === 1 && /^(join|i'?m in|报名|参加|我来|我报名|\+1)$/.test(trimmed)) return 1;
  return undefined;
}
