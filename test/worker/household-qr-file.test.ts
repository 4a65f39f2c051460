import { Api } from 'grammy';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { signHouseholdQr } from '../../core/households/household-qr.ts';
import { revokeHouseholdQr } from '../../core/households/revoke-household-qr.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import {
  type HouseholdQrDeps,
  handleHouseholdQrPrint,
  handleHouseholdQrSend,
} from '../../worker/jobs/household-qr-file.ts';
import type { RuleAnnounceJob } from '../../worker/jobs/points-rule-announce.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { readPdfPages } from '../support/pdf-pages.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { directJobDeps, TEST_BOT_TOKEN, TEST_QR_SECRET } from './support.ts';

/**
 * The household sign jobs called directly against the emulator: the PNG holds the household's current
 * signed link, a job run twice (a retried update owes the same key) sends once, and the printable PDF has
 * a page per household whose text and QR code (read back with poppler and jsqr) are that household's.
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
    ...directJobDeps(prisma, emulator.url),
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

  it('sends the signs as one PDF once: a page per household with its name, number, village and signed code', async () => {
    const village = await prisma.village.findFirstOrThrow();
    // Chinese, a CJK Extension A character (䶮), Latin, and characters HTML would have had to escape.
    for (const [number, name] of [
      [7, '谢其富家'],
      [8, '刘䶮家'],
      [9, '<b>王&家</b>'],
      [10, 'Zhang home'],
    ] as const) {
      await prisma.household.create({ data: { villageId: village.id, number, name } });
    }
    const secretary = await prisma.member.findFirstOrThrow({ where: { number: 1 } });
    const job = fakeJob('household-qr-print', `household-qr-print-${secretary.id}-u9`, secretary.id);
    expect((await handleHouseholdQrPrint(job, deps, undefined)).outcome).toBe('sent');
    expect((await handleHouseholdQrPrint(job, deps, undefined)).outcome).toBe('already-sent');
    const sends = emulator.calls({ method: 'sendDocument', chatId: 1, ok: true });
    expect(sends).toHaveLength(1);
    const result = sends[0]?.result as { document?: { file_name?: string; mime_type?: string } } | undefined;
    const document = result?.document;
    expect(document).toMatchObject({
      file_name: `household-qr-signs-${village.id}.pdf`,
      mime_type: 'application/pdf',
    });
    const pdf = uploadOf('sendDocument', 1)[0] as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const households = await prisma.household.findMany({
      where: { villageId: village.id },
      orderBy: { number: 'asc' },
    });
    expect(households.map((h) => h.name)).toEqual([
      '谢启富家',
      '谢其富家',
      '刘䶮家',
      '<b>王&家</b>',
      'Zhang home',
    ]);
    // 谢启富家 was revoked in the first test: its page must carry version 2.
    expect(households[0]?.qrVersion).toBe(2);
    const username = emulator.core.botForToken(TEST_BOT_TOKEN).info.username;
    const pages = await readPdfPages(pdf);
    expect(pages).toHaveLength(households.length);
    pages.forEach((page, index) => {
      const household = households[index];
      if (!household) throw new Error(`page ${index + 1} has no household`);
      const lines = page.text.split('\n').map((line) => line.trim());
      expect(lines).toContain(household.name);
      expect(lines).toContain(`${household.number} 号户`);
      expect(lines).toContain('用手机相机扫一扫，在 Telegram 里查看本户积分');
      expect(lines).toContain('友谊村');
      const payload = signHouseholdQr(TEST_QR_SECRET, {
        villageId: village.id,
        householdId: household.id,
        version: household.qrVersion,
      });
      expect(page.qr).toBe(`https://t.me/${username}?start=${payload}`);
    });
  });
});
