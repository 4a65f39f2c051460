import { Api } from 'grammy';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { signHouseholdQr } from '../../core/households/household-qr.ts';
import { revokeHouseholdQr } from '../../core/households/revoke-household-qr.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import {
  type HouseholdQrDeps,
  handleHouseholdQrPrint,
  handleHouseholdQrSend,
} from '../../worker/jobs/household-qr-file.ts';
import type { RuleAnnounceJob } from '../../worker/jobs/points-rule-announce.ts';
import { GroupWindows } from '../../worker/telegram-limits.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { TEST_BOT_TOKEN, TEST_QR_SECRET } from './support.ts';

/**
 * The household sign jobs called directly against the emulator: the PNG holds the household's current
 * signed link, a job run twice (a retried update owes the same key) sends once, and the sheet has a
 * page per household with names escaped.
 */
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let deps: HouseholdQrDeps;
let getMeCalls = 0;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  const api = new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url });
  const username = (await api.getMe()).username;
  emulator.addChat({ user: { id: 1, first_name: '李书记', language_code: 'zh-hans' } });
  emulator.addChat({ user: { id: 2, first_name: '谢启富', language_code: 'zh-hans' } });
  prisma = testPrisma();
  await resetDatabase(prisma);
  deps = {
    prisma,
    api,
    i18n: createI18n('zh-CN'),
    defaultLocale: 'zh-CN',
    limits: {
      queue: { remainingPenaltyMs: async () => 0, impose: async () => {} },
      groups: new GroupWindows(),
    },
    logger: createLogger('silent', 'test'),
    qrSecret: TEST_QR_SECRET,
    botUsername: async () => {
      getMeCalls += 1;
      return username;
    },
  };
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

function fakeJob(name: string, dedupeKey: string, memberId: number): RuleAnnounceJob {
  const job = {
    id: `direct-${dedupeKey}`,
    name,
    data: { dedupeKey, memberId } as unknown,
    moveToDelayed: async () => {},
    updateData: async (data: unknown) => {
      job.data = data;
    },
  };
  return job;
}

function uploadOf(method: string, chatId: number): Buffer[] {
  return emulator.calls({ method, chatId, ok: true }).map((call) => {
    const result = call.result as { photo?: { file_id: string }[]; document?: { file_id: string } };
    const fileId = result.photo?.at(-1)?.file_id ?? result.document?.file_id ?? '';
    const bytes = emulator.core.files.get(fileId)?.bytes;
    if (!bytes) throw new Error('no upload stored');
    return bytes;
  });
}

describe('household sign jobs', () => {
  it("sends the member's sign once however often the job runs, always at the current version", async () => {
    const { member } = await createTestVillage(prisma, [[2, '谢启富']]);
    const xie = await member(2);
    const secretary = await member(1);
    const job = fakeJob('household-qr-send', `household-qr-${xie.memberId}-u7`, xie.memberId);
    const first = await handleHouseholdQrSend(job, deps, undefined);
    expect(first.outcome).toBe('sent');
    expect((await handleHouseholdQrSend(job, deps, undefined)).outcome).toBe('already-sent');
    // The same intent delivered again as a new job (the relay re-enqueues an outbox row): still once.
    const redelivered = fakeJob(job.name, `household-qr-${xie.memberId}-u7`, xie.memberId);
    expect((await handleHouseholdQrSend(redelivered, deps, undefined)).outcome).toBe('already-sent');
    const photos = uploadOf('sendPhoto', 2);
    expect(photos).toHaveLength(1);
    const image = PNG.sync.read(photos[0] as Buffer);
    const link = jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
    const household = await prisma.household.findFirstOrThrow({ where: { name: '谢启富家' } });
    const username = emulator.core.botForToken(TEST_BOT_TOKEN).info.username;
    expect(link).toBe(
      `https://t.me/${username}?start=${signHouseholdQr(TEST_QR_SECRET, { villageId: xie.villageId, householdId: household.id, version: 1 })}`,
    );

    // After a revoke, a new /qr (a new update, a new key) carries the new version.
    await revokeHouseholdQr(prisma, { actor: secretary, householdNumber: household.number });
    expect(
      (
        await handleHouseholdQrSend(
          fakeJob(job.name, `household-qr-${xie.memberId}-u8`, xie.memberId),
          deps,
          undefined,
        )
      ).outcome,
    ).toBe('sent');
    const again = PNG.sync.read(uploadOf('sendPhoto', 2)[1] as Buffer);
    expect(jsQR(new Uint8ClampedArray(again.data), again.width, again.height)?.data).toMatch(
      new RegExp(`start=h_${household.id}_2_`),
    );
    expect(getMeCalls).toBeGreaterThan(0);
  });

  it('skips a member without a household', async () => {
    const secretary = await prisma.member.findFirstOrThrow({ where: { number: 1 } });
    expect(
      await handleHouseholdQrSend(
        fakeJob('household-qr-send', 'no-household', secretary.id),
        deps,
        undefined,
      ),
    ).toEqual({
      outcome: 'skipped',
      reason: 'no-household',
    });
  });

  it('sends the printable sheet once: a page and an SVG code per household, names escaped', async () => {
    const village = await prisma.village.findFirstOrThrow();
    await prisma.household.create({ data: { villageId: village.id, number: 9, name: '<b>王&家</b>' } });
    const secretary = await prisma.member.findFirstOrThrow({ where: { number: 1 } });
    const job = fakeJob('household-qr-print', `household-qr-print-${secretary.id}-u9`, secretary.id);
    expect((await handleHouseholdQrPrint(job, deps, undefined)).outcome).toBe('sent');
    expect((await handleHouseholdQrPrint(job, deps, undefined)).outcome).toBe('already-sent');
    const sheets = uploadOf('sendDocument', 1);
    expect(sheets).toHaveLength(1);
    const html = (sheets[0] as Buffer).toString('utf8');
    expect(html.match(/<section class="sign"/g)).toHaveLength(2);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('<h1>谢启富家</h1>');
    expect(html).toContain('<h1>&lt;b&gt;王&amp;家&lt;/b&gt;</h1>');
    expect(html).not.toContain('<b>王');
  });
});
