import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { DEMO_GROUP, DEMO_PEOPLE, DEMO_SECRETARY_ID } from '../../core/demo/seed-demo-village.ts';
import { ensureWebBuilt } from '../../tools/playground/server/build-web.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { launchChromium, VIEWPORTS } from './browser.ts';
import { type DemoProcess, startDemo } from './demo-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-results');
const DEMO_TOKEN = '100000:DEMO_yingshan_local_token';
const WAIT_MS = 20_000;
/** A tiny PNG (2×1), the kind of photo a villager picks from the gallery. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAABCAIAAAB7QOjdAAAAEElEQVR4nGP4z8DAwMDAAAAJ/gH/5t6j3QAAAABJRU5ErkJggg==',
  'base64',
);

let prisma: PrismaClient;
let dataDir: string;
let demo: DemoProcess;
let browser: Browser;

/** The newest bubble with this text, once it is there. */
async function bubble(page: Page, text: string | RegExp) {
  const found = page.locator('.bubble', { hasText: text }).last();
  await found.waitFor({ timeout: WAIT_MS });
  return found;
}

async function type(page: Page, label: string, text: string) {
  const input = page.getByRole('textbox', { name: label });
  await input.fill(text);
  await input.press('Enter');
}

/**
 * A Bot API call as the bot would make it, waiting out a 429 as the bot does: the emulator enforces
 * Telegram's flood limits, and the bot's own messages to the same chat share the test's budget.
 */
async function botApi(method: string, params: Record<string, unknown>) {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(`${demo.emulatorUrl}/bot${DEMO_TOKEN}/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    const answer = (await response.json()) as {
      ok: boolean;
      result?: unknown;
      description?: string;
      parameters?: { retry_after?: number };
    };
    const retryAfter = answer.parameters?.retry_after;
    if (answer.ok || retryAfter === undefined || attempt >= 3) return answer;
    await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
  }
}

async function lastSeq(): Promise<number> {
  const response = await fetch(`${demo.emulatorUrl}/__emulator/calls/last-seq`);
  return ((await response.json()) as { seq: number }).seq;
}

/** The bot's answer to the next button press of this person after `sinceSeq`, as it sent it. */
async function answerAfter(
  sinceSeq: number,
  personaId: number,
): Promise<{ text?: string; show_alert?: boolean }> {
  const deadline = Date.now() + WAIT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(
      `${demo.emulatorUrl}/__emulator/calls?method=answerCallbackQuery&ok=true&sinceSeq=${sinceSeq}`,
    );
    const { calls } = (await response.json()) as {
      calls: { params: { callback_query_id: string; text?: string; show_alert?: boolean } }[];
    };
    for (const call of calls) {
      const query = await fetch(
        `${demo.emulatorUrl}/__emulator/callback-queries/${call.params.callback_query_id}`,
      );
      const { callbackQuery } = (await query.json()) as { callbackQuery: { userId: number } | null };
      if (callbackQuery?.userId === personaId) return call.params;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no answer to a button press of ${personaId} after #${sinceSeq}`);
}

async function emulatorMessages(chatId: number) {
  const response = await fetch(
    `${demo.emulatorUrl}/__emulator/chats/${chatId}/messages?includeDeleted=false`,
  );
  return ((await response.json()) as { messages: { messageId: number; fromBot: boolean; kind: string }[] })
    .messages;
}

describe('the village playground in Chromium', () => {
  beforeAll(async () => {
    prisma = testPrisma();
    await resetDatabase(prisma); // the demo seeds Youyi Village into this run's database
    dataDir = await mkdtemp(join(tmpdir(), 'yingshan-playground-'));
    await mkdir(ARTIFACTS, { recursive: true });
    await ensureWebBuilt();
    demo = await startDemo(dataDir);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const exitCode = await demo?.stop();
    await prisma?.$disconnect();
    await rm(dataDir, { recursive: true, force: true });
    expect(exitCode, demo?.output().slice(-2000)).toBe(0);
  });

  it('the emulator knows every seeded person and the village group before anyone writes', async () => {
    // getChat answers `chat not found` for a chat the emulator has never seen, as sends do.
    for (const person of DEMO_PEOPLE) {
      const chat = await botApi('getChat', { chat_id: person.telegramId });
      expect(chat.ok, `${person.firstName}: ${chat.description}`).toBe(true);
    }
    const group = await botApi('getChat', { chat_id: DEMO_GROUP.id });
    expect(group.ok, group.description).toBe(true);
    expect(group.result).toMatchObject({ title: DEMO_GROUP.title });
  });

  it('phone, 412 px: New person in view, member numbers, an item raised reaches the group tab, a used button and a refused one say why', async () => {
    const context = await browser.newContext(VIEWPORTS.phone412);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    onTestFailed(async () => {
      await page.screenshot({ path: join(ARTIFACTS, 'playground-phone412-failed.png') });
      console.error(demo.output().slice(-3000));
    });
    const villagerId = 10_006; // 李桂兰, member 6, no role besides 村民
    await page.goto(`${demo.playgroundUrl}/?as=${villagerId}`);
    await page.locator('.messages[aria-busy="false"]').waitFor({ timeout: WAIT_MS });

    // "New person" is on screen at once, not scrolled to: inside the viewport and not covered.
    const newPerson = page.getByRole('button', { name: '新来的人' });
    const box = await newPerson.boundingBox();
    expect(box).not.toBeNull();
    if (box) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(412);
      expect(box.y + box.height).toBeLessThanOrEqual(915);
      // Evaluated in the page (Node's types have no DOM).
      const onTop = await page.evaluate<string>(
        `document.elementFromPoint(${box.x + box.width / 2}, ${box.y + box.height / 2})?.closest('button')?.textContent ?? ''`,
      );
      expect(onTop).toContain('新来的人');
    }
    // Member numbers, as a secretary types them after /grant or /assign.
    await expect
      .poll(() =>
        page.locator('.persona[data-persona-id="10002"] [data-testid="member-number"]').textContent(),
      )
      .toBe('2 号');
    expect(
      await page
        .locator(`.persona[data-persona-id="${villagerId}"] [data-testid="member-number"]`)
        .isVisible(),
    ).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone412-personas.png') });

    // Raise an item: a message, its category, ✅. (The seeded villager's chat is new: START first.)
    await page.getByRole('button', { name: '开始' }).click();
    await bubble(page, '欢迎回来');
    const problem = `村口的路灯坏了，晚上很黑（${Date.now() % 10_000}）`;
    await type(page, '消息', problem);
    const asked = await bubble(page, '这件事属于哪一类？');
    await asked.getByRole('button', { name: '设施' }).click();
    const confirm = await bubble(page, '确认提交吗？');
    await confirm.getByRole('button', { name: /提交/ }).first().click();
    const submitted = await bubble(page, /已提交，编号第 \d+ 号/);
    const itemNumber = Number(/第 (\d+) 号/.exec((await submitted.textContent()) ?? '')?.[1]);

    // The group tab shows the item's post (sent by the worker), with nobody having written there.
    await page.getByRole('tab', { name: /友谊村村民群/ }).click();
    // The bot's post in the group, not the person's own message still on screen while the tab switches.
    const post = page.locator('.bubble:not(.own)', { hasText: problem }).last();
    await post.waitFor({ timeout: WAIT_MS });
    expect(await post.textContent()).toContain(String(itemNumber));
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone412-group.png') });

    // A second press of the used ✅: the bot's answer shows as Telegram's toast, no new message.
    await page.getByRole('tab', { name: /@/ }).click();
    await bubble(page, /已提交，编号第 \d+ 号/); // the chat is drawn again
    const sinceSeq = await lastSeq();
    const bubblesBefore = await page.locator('.bubble').count();
    await (await bubble(page, '确认提交吗？')).getByRole('button', { name: /提交/ }).first().click();
    const answer = await answerAfter(sinceSeq, villagerId);
    expect(answer.show_alert ?? false).toBe(false);
    const toast = page.locator('.toast[role="status"]');
    await toast.waitFor({ timeout: WAIT_MS });
    expect(await toast.textContent()).toBe(answer.text);
    expect(answer.text).toBeTruthy();
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone412-toast.png') });
    expect(await page.locator('.bubble').count()).toBe(bubblesBefore);
    await toast.waitFor({ state: 'detached', timeout: WAIT_MS }); // it fades by itself

    // Someone who has not joined presses 👍 under the post: the refusal is an alert, with OK.
    await newPerson.click();
    const dialog = page.getByRole('form');
    await dialog.locator('input[name="name"]').fill('路人甲');
    await dialog.getByRole('checkbox').uncheck();
    await dialog.getByRole('button', { name: '进入' }).click();
    const stranger = page.locator('.persona[aria-pressed="true"]', { hasText: '路人甲' });
    await stranger.waitFor({ timeout: WAIT_MS });
    const strangerId = Number(await stranger.getAttribute('data-persona-id'));
    await page.getByRole('tab', { name: /友谊村村民群/ }).click();
    const alertSince = await lastSeq();
    await (await bubble(page, problem)).getByRole('button', { name: /👍/ }).first().click();
    const refusal = await answerAfter(alertSince, strangerId);
    expect(refusal.show_alert).toBe(true);
    const alert = page.getByRole('alertdialog');
    await alert.waitFor({ timeout: WAIT_MS });
    expect(await alert.locator('[data-testid="button-notice"]').textContent()).toBe(refusal.text);
    await page.screenshot({ path: join(ARTIFACTS, 'playground-phone412-alert.png') });
    await alert.getByRole('button', { name: '确定' }).click();
    await alert.waitFor({ state: 'detached', timeout: WAIT_MS });

    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  const cases = [
    { viewport: 'phone', name: '林小雨', language: 'zh', household: '林家', role: '村干部' },
    { viewport: 'desktop', name: 'Amy Lin', language: 'en', household: '3组12号', role: '店主' },
  ] as const;

  for (const person of cases) {
    it(`${person.viewport}: a newcomer joins by the invite link, is granted a role, presses a button, sees an edit and sends a photo`, async () => {
      const context = await browser.newContext(VIEWPORTS[person.viewport]);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      onTestFailed(async () => {
        await page.screenshot({ path: join(ARTIFACTS, `playground-${person.viewport}-failed.png`) });
        console.error(demo.output().slice(-3000));
      });
      const isEnglish = person.language === 'en';
      const messageLabel = isEnglish ? 'Message' : '消息';

      await page.goto(`${demo.playgroundUrl}/?as=${DEMO_SECRETARY_ID}`);
      // Evaluated in the page, where navigation timing exists (Node's types do not know that entry).
      const loadMs = await page.evaluate<number>(
        "(([n]) => (n ? n.loadEventEnd - n.startTime : NaN))(performance.getEntriesByType('navigation'))",
      );
      expect(loadMs).toBeLessThan(1000);

      // A new person opens Youyi Village's invite link and presses START.
      await page.getByRole('button', { name: '新来的人' }).click();
      const dialog = page.getByRole('form');
      await dialog.locator('input[name="name"]').fill(person.name);
      await dialog.locator('select[name="language"]').selectOption(person.language);
      await dialog.getByRole('button', { name: isEnglish ? 'Go' : '进入' }).click();
      // Until the page has switched to the newcomer, START may be the secretary's (an empty chat).
      await page
        .locator('.persona[aria-pressed="true"]', { hasText: person.name })
        .waitFor({ timeout: WAIT_MS });
      await page.getByRole('button', { name: isEnglish ? 'START' : '开始' }).click();
      await bubble(page, '/start join_YYCUN258');
      const welcome = await bubble(page, isEnglish ? /Your member number is \d+/ : /您的村民编号是 \d+ 号/);
      const number = Number(/(\d+)/.exec((await welcome.textContent()) ?? '')?.[1]);
      expect(number).toBeGreaterThanOrEqual(18);
      const newcomerId = Number(
        await page.locator('.persona[aria-pressed="true"]').getAttribute('data-persona-id'),
      );

      await type(page, messageLabel, person.name);
      await bubble(page, isEnglish ? /household/i : '请发送您家的户名或门牌');
      await type(page, messageLabel, person.household);
      await bubble(page, isEnglish ? /request to join 友谊村 is sent/ : '您加入友谊村的申请已提交');

      // Youyi approves its newcomers: the secretary presses "approve" on the request the bot sent.
      await page.locator(`.persona[data-persona-id="${DEMO_SECRETARY_ID}"]`).click();
      await page.locator('.messages[aria-busy="false"]').waitFor({ timeout: WAIT_MS });
      const request = await bubble(page, `姓名：${person.name}`);
      expect(await request.textContent()).toContain(`编号：${number} 号`);
      await request.getByRole('button', { name: '✅ 批准' }).click();
      await page.locator(`.persona[data-persona-id="${newcomerId}"]`).click();
      await page.locator('.messages[aria-busy="false"]').waitFor({ timeout: WAIT_MS });
      await bubble(page, isEnglish ? /joined 友谊村/ : '您已加入友谊村');
      await type(page, messageLabel, '/me');
      const profile = await bubble(page, isEnglish ? `Name: ${person.name}` : `姓名：${person.name}`);
      expect(await profile.textContent()).toContain(
        isEnglish ? `Member number: ${number}` : `编号：${number} 号`,
      );

      // The secretary grants the newcomer a role; the newcomer's badge shows the bot's notice.
      await page.locator(`.persona[data-persona-id="${DEMO_SECRETARY_ID}"]`).click();
      await page.locator('.messages[aria-busy="false"]').waitFor({ timeout: WAIT_MS });
      if (await page.getByRole('button', { name: '开始' }).isVisible()) {
        await page.getByRole('button', { name: '开始' }).click();
      }
      await type(page, '消息', `/grant ${number} ${person.role}`);
      await bubble(page, `已授予 ${number} 号 ${person.name} “${person.role}”身份。`);
      const badge = page.locator(`.persona[data-persona-id="${newcomerId}"] [data-testid="unread"]`);
      await badge.waitFor({ timeout: WAIT_MS });
      expect(Number(await badge.textContent())).toBeGreaterThanOrEqual(1);
      expect(await page.locator('.bubble', { hasText: 'Member number' }).count()).toBe(0);

      await page.locator(`.persona[data-persona-id="${newcomerId}"]`).click();
      await bubble(page, isEnglish ? /new role in 友谊村/ : `您在友谊村获得了新的身份：${person.role}`);
      expect(await badge.count()).toBe(0);
      expect(await page.locator('.bubble', { hasText: '已授予' }).count()).toBe(0);

      // A button press: /lang, then the other language's button.
      await type(page, messageLabel, '/lang');
      const chooser = await bubble(page, isEnglish ? 'Choose your language' : '请选择语言');
      const chooserId = Number(await chooser.getAttribute('data-message-id'));
      await chooser.getByRole('button', { name: isEnglish ? '中文' : 'English' }).click();
      await bubble(page, isEnglish ? '以后用中文和您交流' : 'I will speak English with you');

      // An edit through the Bot API updates that same bubble in place; a deletion removes one.
      const bubblesBefore = await page.locator('.bubble').count();
      const edited = await botApi('editMessageText', {
        chat_id: newcomerId,
        message_id: chooserId,
        text: `edited by the test (${person.viewport})`,
      });
      expect(edited.ok, edited.description).toBe(true);
      const inPlace = page.locator(`.bubble[data-message-id="${chooserId}"]`);
      await inPlace
        .filter({ hasText: `edited by the test (${person.viewport})` })
        .waitFor({ timeout: WAIT_MS });
      expect(await inPlace.locator('.edited').count()).toBe(1);
      expect(await inPlace.getByRole('button', { name: '中文' }).count()).toBe(0); // no markup: keyboard gone
      expect(await page.locator('.bubble').count()).toBe(bubblesBefore);
      const removed = await botApi('deleteMessage', { chat_id: newcomerId, message_id: chooserId });
      expect(removed.ok, removed.description).toBe(true);
      await inPlace.waitFor({ state: 'detached', timeout: WAIT_MS });

      // A photo from the file picker reaches the bot as a real update, and the bot answers it.
      const before = await emulatorMessages(newcomerId);
      await page.locator('[data-testid="photo-input"]').setInputFiles({
        name: 'road.png',
        mimeType: 'image/png',
        buffer: PNG,
      });
      await page.locator('.bubble.own img.photo').last().waitFor({ timeout: WAIT_MS });
      const deadline = Date.now() + WAIT_MS;
      let after = await emulatorMessages(newcomerId);
      const answered = () => {
        const photoAt = after.findIndex((m, i) => i >= before.length && m.kind === 'photo' && !m.fromBot);
        return photoAt >= 0 && after.slice(photoAt + 1).some((m) => m.fromBot);
      };
      while (!answered() && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        after = await emulatorMessages(newcomerId);
      }
      expect(answered(), JSON.stringify(after.slice(before.length))).toBe(true);

      // The Bot API panel lists the calls, the button's answerCallbackQuery among them.
      const toggle = page.locator('.api-toggle');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      await page
        .locator('.calls li[data-method="answerCallbackQuery"]')
        .first()
        .waitFor({ timeout: WAIT_MS });
      await page.locator('.calls li[data-method="editMessageText"]').first().waitFor({ timeout: WAIT_MS });

      await page.screenshot({ path: join(ARTIFACTS, `playground-${person.viewport}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
