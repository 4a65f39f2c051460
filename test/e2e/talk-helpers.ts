import { expect } from 'vitest';
import { villageOfCallbackData } from '../../bot/callback-data/codec.ts';
import { talkCategoryCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import type { TALK_CATEGORIES } from '../../core/talk/raise-talk-item.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import type { GroupSpec, RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createVillageAs, type Person, SECRETARY, Stack } from './stack.ts';

/** Talk end-to-end helpers: waiting for a message that says something, pressing its buttons. */

const SENDS = ['sendMessage', 'sendPhoto', 'sendVoice'];

export function bodyOf(call: RecordedCall): string {
  return String(call.params.text ?? call.params.caption ?? '');
}

export function messageIdOf(call: RecordedCall): number {
  return (call.result as { message_id: number }).message_id;
}

/** The first message the bot sent to `chatId` after `sinceSeq` whose text contains `needle`. */
export async function waitForText(
  stack: Stack,
  chatId: number,
  sinceSeq: number,
  needle: string,
  timeoutMs = 15_000,
): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stack.emulator
      .calls({ chatId, method: SENDS, ok: true, sinceSeq })
      .find((call) => bodyOf(call).includes(needle));
    if (found) return found;
    if (Date.now() > deadline) {
      const seen = stack.emulator.calls({ chatId, method: SENDS, sinceSeq }).map(bodyOf);
      throw new Error(`no message containing "${needle}" in chat ${chatId}; saw:\n${seen.join('\n---\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends text and waits for the bot's answer containing `needle`. */
export async function sayAndWait(stack: Stack, person: Person, text: string, needle: string) {
  const { sinceSeq } = stack.emulator.sendText(person.user, text);
  return waitForText(stack, person.id, sinceSeq, needle);
}

/** Presses a button and waits for the callback query's answer; returns its text and the seq. */
export async function press(
  stack: Stack,
  user: UserSpec,
  messageId: number,
  data: string,
  chatId?: number,
): Promise<{ answer: string; showAlert: boolean; sinceSeq: number }> {
  const result = stack.emulator.pressButton({
    user,
    messageId,
    data,
    ...(chatId !== undefined && { chatId }),
  });
  const deadline = Date.now() + 15_000;
  for (;;) {
    const answer = stack.emulator
      .calls({ method: 'answerCallbackQuery', sinceSeq: result.sinceSeq })
      .find((call) => call.params.callback_query_id === result.callbackQueryId);
    if (answer) {
      return {
        answer: String(answer.params.text ?? ''),
        showAlert: answer.params.show_alert === true,
        sinceSeq: result.sinceSeq,
      };
    }
    if (Date.now() > deadline) throw new Error(`button ${data} was never answered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The callback data of every button on a message the bot sent. */
export function buttonsOf(call: RecordedCall | { replyMarkup?: unknown }): string[] {
  const markup = ('params' in call ? call.params.reply_markup : call.replyMarkup) as
    | { inline_keyboard?: Array<Array<{ callback_data?: string; text: string }>> }
    | string
    | undefined;
  const parsed = typeof markup === 'string' ? JSON.parse(markup) : markup;
  return (parsed?.inline_keyboard ?? []).flat().map((b: { callback_data?: string }) => b.callback_data ?? '');
}

export function buttonTextsOf(markup: unknown): string[] {
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as
    | { inline_keyboard?: Array<Array<{ text: string }>> }
    | undefined;
  return (parsed?.inline_keyboard ?? []).flat().map((b) => b.text);
}

export function expectButton(call: RecordedCall, data: string): void {
  expect(buttonsOf(call)).toContain(data);
}

/** `member` presses "yes, my household" on the request `newcomer` made after `sinceSeq`, and waits for the outcome. */
export async function confirmHouseholdAs(stack: Stack, member: Person, sinceSeq: number, newcomer: Person) {
  const request = await waitForCallWithButton(stack, member.id, sinceSeq, 'mhh:');
  const data = buttonsOf(request).find((button) => /^mhh:\d+:\d+:y(@\d+)?$/.test(button));
  if (!data) throw new Error('no confirm button');
  const pressed = await press(stack, member.user, messageIdOf(request), data);
  await stack.emulator.waitForCall({
    chatId: newcomer.id,
    method: 'sendMessage',
    ok: true,
    sinceSeq: pressed.sinceSeq,
  });
  return pressed;
}

/** The first message to `chatId` after `sinceSeq` carrying a button whose data starts with `prefix`. */
export async function waitForCallWithButton(
  stack: Stack,
  chatId: number,
  sinceSeq: number,
  prefix: string,
  timeoutMs = 15_000,
): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stack.emulator
      .calls({ chatId, method: SENDS, ok: true, sinceSeq })
      .find((call) => buttonsOf(call).some((data) => data.startsWith(prefix)));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no message with a ${prefix} button in chat ${chatId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Joins the village and answers both questions. */
export async function joinAs(stack: Stack, person: Person, code: string, name: string, household: string) {
  await sayAndWait(stack, person, `/start join_${code}`, '');
  await sayAndWait(stack, person, name, '');
  const { sinceSeq } = stack.emulator.sendText(person.user, household);
  await stack.emulator.waitForCall({ chatId: person.id, method: 'sendMessage', ok: true, sinceSeq });
}

export interface PersonSpec {
  user: UserSpec;
  name: string;
  household: string;
}

export interface VillageSpec<P extends readonly PersonSpec[]> {
  /** Members 2, 3, … in this order. */
  people: P;
  /** Member numbers the secretary makes cadres. */
  cadres?: readonly number[];
  /** The secretary switches to English first (the other talk files' language). */
  english?: boolean;
  /** A group the secretary links with /linkgroup. */
  group?: GroupSpec;
  /** Newcomers wait for approval (the village's default); off unless asked for. */
  joinApproval?: boolean;
}

/**
 * A fresh database, the real bot and worker processes (Telegram's limits off, so tests are quick),
 * and a village: the secretary creates it, everyone joins, cadres are granted, the group linked.
 */
export async function startVillage<const P extends readonly PersonSpec[]>(spec: VillageSpec<P>) {
  const prisma = testPrisma();
  await resetDatabase(prisma);
  const stack = await Stack.start({ rateLimits: false });
  try {
    return await populate(stack, prisma, spec);
  } catch (error) {
    // The caller never gets the stack to stop: stop it here, so its bot does not outlive the test.
    await stack.stop();
    throw error;
  }
}

async function populate<const P extends readonly PersonSpec[]>(
  stack: Stack,
  prisma: PrismaClient,
  spec: VillageSpec<P>,
) {
  await stack.startBot();
  await stack.startWorker();
  const secretary = stack.person(SECRETARY);
  const code = await createVillageAs(secretary, '友谊村', { joinApproval: spec.joinApproval ?? false });
  if (spec.english) await sayAndWait(stack, secretary, '/lang en', 'English');
  const people: Person[] = [];
  const households = new Map<string, Person>();
  for (const { user, name, household } of spec.people) {
    const person = stack.person(user);
    const since = stack.emulator.lastSeq();
    await joinAs(stack, person, code, name, household);
    // A household someone joined before is confirmed by that first member.
    const first = households.get(household);
    if (first) await confirmHouseholdAs(stack, first, since, person);
    else households.set(household, person);
    people.push(person);
  }
  for (const number of spec.cadres ?? []) {
    await (spec.english
      ? sayAndWait(stack, secretary, `/grant ${number} cadre`, 'is now a cadre')
      : sayAndWait(stack, secretary, `/grant ${number} 村干部`, '已授予'));
  }
  if (spec.group) {
    const linked = stack.emulator.sendGroupText(spec.group, SECRETARY, '/linkgroup');
    await waitForText(stack, spec.group.id, linked.sinceSeq, '');
  }
  await stack.settled(prisma);
  const { id: villageId } = await prisma.village.findUniqueOrThrow({ where: { inviteCode: code } });
  return { stack, prisma, code, villageId, secretary, people: people as { [K in keyof P]: Person } };
}

/**
 * An English-speaking member's message up to the bot's "Submit it?" (category chosen by button):
 * returns that question, whose ✅ the caller presses, or not.
 */
export async function draftUpToSubmit(
  stack: Stack,
  person: Person,
  text: string,
  category: (typeof TALK_CATEGORIES)[number],
): Promise<RecordedCall> {
  const asked = await sayAndWait(stack, person, text, 'Which kind');
  const villageId = villageOfCallbackData(buttonsOf(asked)[0]) ?? 0;
  const picked = await press(
    stack,
    person.user,
    messageIdOf(asked),
    talkCategoryCallback.pack({ category }, villageId),
  );
  return waitForText(stack, person.id, picked.sinceSeq, 'Submit it?');
}

/**
 * Another village, made through the use cases rather than the bot: its creator is its secretary and
 * every user has joined and answered both questions (household "<first name> home").
 */
export async function seedVillage(
  prisma: PrismaClient,
  village: { name: string; creatorId: number; users: readonly UserSpec[] },
): Promise<void> {
  await syncUser(prisma, { id: village.creatorId, first_name: `${village.name} secretary` });
  const { inviteCode } = await createVillage(prisma, {
    name: village.name,
    creatorUserId: BigInt(village.creatorId),
    adminIds: [BigInt(village.creatorId)],
    joinApproval: false,
  });
  for (const user of village.users) {
    await syncUser(prisma, user);
    await joinVillage(prisma, { userId: BigInt(user.id), inviteCode });
    for (const text of [user.first_name, `${user.first_name} home`]) {
      const membership = await findMembership(prisma, BigInt(user.id));
      if (!membership) throw new Error(`user ${user.id} did not join`);
      await answerOnboarding(prisma, { membership, text });
    }
  }
}
