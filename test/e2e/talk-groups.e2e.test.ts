import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  draftUpToSubmit,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * Groups (issue 9): a basic group upgraded to a supergroup keeps working; a group no village linked is
 * ignored, with no rows for its members; a member who blocked the bot and presses 💬 in the group is
 * told in the button's answer.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let villager: Person; // member 2, en
let neighbour: Person; // member 3, zh
const GROUP = { id: -4100, title: 'Youyi (old group)', type: 'group' as const };
const SUPERGROUP_ID = -1004100;
const STRANGER = { id: 76099, first_name: 'Passer-by', language_code: 'en' };

async function submitItem(person: Person, text: string): Promise<number> {
  const confirm = await draftUpToSubmit(stack, person, text, 'FACILITY');
  const submitted = await press(stack, person.user, messageIdOf(confirm), `tdraft:ok@${villageId}`);
  const answer = await waitForText(stack, person.id, submitted.sinceSeq, 'Submitted as #');
  await stack.settled(prisma);
  return Number(/#(\d+)/.exec(bodyOf(answer))?.[1]);
}

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [villager, neighbour],
  } = await startVillage({
    people: [
      {
        user: { id: 76002, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang',
      },
      {
        user: { id: 76003, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢家',
      },
    ],
    group: GROUP,
  }));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('village groups', () => {
  it('follows a group upgraded to a supergroup: the link moves, new posts go to the new id', async () => {
    expect((await prisma.village.findFirstOrThrow()).groupChatId).toBe(BigInt(GROUP.id));
    stack.emulator.migrateGroup(GROUP, SUPERGROUP_ID, secretary.user);
    await stack.settled(prisma);
    expect((await prisma.village.findFirstOrThrow()).groupChatId).toBe(BigInt(SUPERGROUP_ID));
    const since = stack.emulator.lastSeq();
    const number = await submitItem(villager, 'The bridge railing is loose');
    const post = await waitForText(stack, SUPERGROUP_ID, since, `第 ${number} 号`);
    expect(buttonsOf(post)).toContain(`tcomm:${number}@${villageId}`);
    // Nothing was tried on the old id, and nothing failed.
    expect(stack.emulator.calls({ chatId: GROUP.id, sinceSeq: since })).toEqual([]);
    // A reply to the post in the supergroup is a comment.
    const replied = stack.emulator.replyTo(neighbour.user, messageIdOf(post), '我也看到了', {
      chat: { id: SUPERGROUP_ID, title: GROUP.title },
    });
    await stack.settled(prisma);
    expect(replied.updateId).toBeGreaterThan(0);
    expect(await prisma.talkComment.count({ where: { text: '我也看到了' } })).toBe(1);
  });

  it('ignores a group no village linked: no answer, no rows for its members', async () => {
    const other = { id: -1004200, title: 'Fishing club' };
    const since = stack.emulator.lastSeq();
    stack.emulator.sendGroupText(other, STRANGER, 'anyone fishing tomorrow?');
    stack.emulator.sendGroupText(other, STRANGER, '/help');
    stack.emulator.sendGroupText(other, villager.user, '/issues');
    await stack.settled(prisma);
    expect(stack.emulator.calls({ chatId: other.id, sinceSeq: since })).toEqual([]);
    expect(await prisma.user.findUnique({ where: { id: BigInt(STRANGER.id) } })).toBeNull();
    expect(await prisma.inboundUpdate.count({ where: { lastError: { not: null } } })).toBe(0);
  });

  it('tells a member who blocked the bot, in the 💬 answer, that it cannot write to them', async () => {
    const number = await submitItem(villager, 'The well cover is cracked');
    const post = await waitForText(stack, SUPERGROUP_ID, 0, `第 ${number} 号`);
    await sayAndWait(stack, neighbour, `/follow ${number}`, '');
    stack.emulator.blockChat(neighbour.id);
    // Something the bot owed them is refused: the secretary's reply on an item they follow.
    await sayAndWait(stack, secretary, `/reply ${number} We will fix it this week.`, `${number}`);
    await stack.settled(prisma);
    expect(
      await prisma.outboundMessage.count({ where: { chatId: BigInt(neighbour.id), status: 'UNREACHABLE' } }),
    ).toBe(1);
    const answered = await press(
      stack,
      neighbour.user,
      messageIdOf(post),
      `tcomm:${number}@${villageId}`,
      SUPERGROUP_ID,
    );
    expect(answered.answer).toMatch(/^我没法私聊您。请打开 @\w+ 点“开始”，再点一次 💬。$/);
    // The member who can be reached is asked in private, as before.
    const asked = await press(
      stack,
      villager.user,
      messageIdOf(post),
      `tcomm:${number}@${villageId}`,
      SUPERGROUP_ID,
    );
    expect(asked.answer).toBe('Please write your comment in your private chat with me.');
    await waitForText(stack, villager.id, asked.sinceSeq, `Send your comment on #${number}`);
  });
});
