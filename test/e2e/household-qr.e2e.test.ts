import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { readPdfPages } from '../support/pdf-pages.ts';
import { BOT_TOKEN, type Person, type Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage } from './talk-helpers.ts';

/**
 * Household door signs through the real bot and worker, in Chinese and in English: /qr sends the
 * household's QR code as a PNG (decoded here: it holds the signed deep link), scanning it
 * (`/start <payload>`) shows a member the household's figures and a stranger only the village's name,
 * a forged code and a revoked one (after the secretary's /qr revoke) are refused, and /qr print sends
 * one PDF with every household's sign (read back with poppler: each page's text, and its QR code
 * decoded). The entries are appended to the ledger directly, as in points-view: awards reach it through
 * review elsewhere.
 */
let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let secretary: Person;
let xie: Person; // member 2, zh, 谢启富家
let wang: Person; // member 3, zh, 谢启富家 too
let zhang: Person; // member 4, en, Zhang home
let stranger: Person; // zh, in no village
let visitor: Person; // en, in no village
let xiePayload = '';
// jsqr is CommonJS whose types declare an ES default export: at run time the import is the function
// itself, with the same function as its `default`; take whichever is callable.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;
const BOT_USERNAME_LINK = /^https:\/\/t\.me\/([A-Za-z0-9_]+)\?start=(h_\d+_\d+_[A-Za-z0-9_-]{24})$/;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [xie, wang, zhang],
  } = await startVillage({
    people: [
      {
        user: { id: 84_002, first_name: '启富', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 84_003, first_name: '秀英', language_code: 'zh-hans' },
        name: '王秀英',
        household: '谢启富家',
      },
      {
        user: { id: 84_004, first_name: 'San', language_code: 'en' },
        name: 'Zhang San',
        household: 'Zhang home',
      },
    ],
  }));
  stranger = stack.person({ id: 84_010, first_name: '路人', language_code: 'zh-hans' });
  visitor = stack.person({ id: 84_011, first_name: 'Visitor', language_code: 'en' });
  const member = (number: number) =>
    prisma.member.findFirstOrThrow({ where: { villageId, number }, select: { id: true, householdId: true } });
  const [m2, m3, m4] = await Promise.all([member(2), member(3), member(4)]);
  const entry = (m: { id: number; householdId: number | null }, amount: number, reason: string) => ({
    memberId: m.id,
    householdId: m.householdId,
    amount,
    reason,
  });
  await prisma.$transaction((tx) =>
    appendLedgerEntries(tx, villageId, [
      entry(m2, 20, '发展建议被采纳'),
      entry(m4, 30, 'Volunteer hours'),
      entry(m3, 8, '帮助邻居'),
      entry(m2, -5, '垃圾未分类'),
    ]),
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

/** The uploaded bytes of a photo or document the bot sent, as the emulator stored them. */
function uploadOf(call: RecordedCall): Buffer {
  const result = call.result as { photo?: { file_id: string }[]; document?: { file_id: string } };
  const fileId = result.photo?.at(-1)?.file_id ?? result.document?.file_id ?? '';
  const bytes = stack.emulator.core.files.get(fileId)?.bytes;
  if (!bytes) throw new Error(`no upload stored for ${call.method}`);
  return bytes;
}

/** The document a sendDocument call sent, as the emulator answered it (name and type of the upload). */
function documentOf(call: RecordedCall): { file_name?: string; mime_type?: string } | undefined {
  return (call.result as { document?: { file_name?: string; mime_type?: string } }).document;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Decodes the QR code in a PNG: what a phone camera would read from the sign. */
function decodeQr(png: Buffer): string {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  const image = PNG.sync.read(png);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the PNG');
  return code.data;
}

/** Sends /qr and returns the photo the worker sent after it, with the link its QR code holds. */
async function askForSign(person: Person, acknowledgement: string) {
  const since = stack.emulator.lastSeq();
  await sayAndWait(stack, person, '/qr', acknowledgement);
  const photo = await stack.emulator.waitForCall(
    { method: 'sendPhoto', chatId: person.id, ok: true, sinceSeq: since },
    15_000,
  );
  const link = decodeQr(uploadOf(photo));
  const [, username, payload] = BOT_USERNAME_LINK.exec(link) ?? [];
  expect(username).toBe(stack.emulator.core.botForToken(BOT_TOKEN).info.username);
  return { photo, caption: bodyOf(photo), payload: String(payload) };
}

function forge(payload: string): string {
  const last = payload.at(-1) === 'A' ? 'B' : 'A';
  return `${payload.slice(0, -1)}${last}`;
}

describe('/qr and scanning, in Chinese', () => {
  it('sends a member their household sign as a PNG whose code is the signed deep link', async () => {
    const sign = await askForSign(xie, '门牌二维码');
    expect(sign.caption).toBe('谢启富家（2 号户）· 友谊村\n扫一扫，看本户积分');
    const household = await prisma.household.findFirstOrThrow({ where: { villageId, name: '谢启富家' } });
    expect(sign.payload).toMatch(new RegExp(`^h_${household.id}_1_`));
    xiePayload = sign.payload;
    // A member of the same household gets the same sign.
    expect((await askForSign(wang, '门牌二维码')).payload).toBe(xiePayload);
  });

  it("shows a villager who scans it the household's members, points, rank, stars and latest entries", async () => {
    const card = bodyOf(await sayAndWait(stack, wang, `/start ${xiePayload}`, '🏠'));
    const lines = card.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '🏠 谢启富家 · 友谊村',
      '家庭成员（2 人）：谢启富、王秀英',
      '全户积分：23 分  ★★★',
      '全村排名：第 2 户（共 3 户）',
      '最近记录：',
    ]);
    expect(lines.slice(5)).toHaveLength(3);
    expect(lines[5]).toMatch(/^\d\d-\d\d -5分 垃圾未分类$/);
    expect(lines[6]).toMatch(/^\d\d-\d\d \+8分 帮助邻居$/);
    expect(lines[7]).toMatch(/^\d\d-\d\d \+20分 发展建议被采纳$/);
  });

  it('shows someone outside the village only its name', async () => {
    const answer = bodyOf(await sayAndWait(stack, stranger, `/start ${xiePayload}`, '门牌'));
    expect(answer).toBe('这是友谊村的门牌。只有本村村民才能看到这户的积分。');
    expect(answer).not.toContain('谢启富');
  });

  it('refuses a forged code and a truncated one', async () => {
    const forged = bodyOf(await sayAndWait(stack, wang, `/start ${forge(xiePayload)}`, '二维码'));
    expect(forged).toContain('这个二维码不是本村发的');
    const cut = bodyOf(await sayAndWait(stack, stranger, `/start ${xiePayload.slice(0, -4)}`, '二维码'));
    expect(cut).toContain('这个二维码不是本村发的');
  });

  it("tells a villager /qr print is the secretary's", async () => {
    const answer = bodyOf(await sayAndWait(stack, wang, '/qr print', '权限'));
    expect(answer).not.toContain('门牌');
  });
});

describe('/qr and scanning, in English', () => {
  it('sends an English member their sign with an English caption', async () => {
    const sign = await askForSign(zhang, 'door-sign QR code');
    expect(sign.caption).toBe("Zhang home (household No. 3) · 友谊村\nScan to see this household's points");
  });

  it('shows an English villager the scanned household in English', async () => {
    const card = bodyOf(await sayAndWait(stack, zhang, `/start ${xiePayload}`, '🏠'));
    expect(card.split('\n').slice(0, 5)).toEqual([
      '🏠 谢启富家 · 友谊村',
      'Members (2): 谢启富, 王秀英',
      'Household points: 23  ★★★',
      'Rank in the village: household 2 of 3',
      'Latest entries:',
    ]);
  });

  it('shows an English visitor only the village, and refuses a forged code', async () => {
    expect(bodyOf(await sayAndWait(stack, visitor, `/start ${xiePayload}`, 'door sign'))).toBe(
      "This is a door sign of 友谊村. Only villagers of 友谊村 can see the household's points.",
    );
    expect(bodyOf(await sayAndWait(stack, visitor, `/start ${forge(xiePayload)}`, 'QR code'))).toContain(
      'was not made by the village',
    );
  });
});

describe('the secretary: revoke and print', () => {
  it('revokes a lost sign: the old code is refused at once in both languages, the new one works', async () => {
    const answer = bodyOf(await sayAndWait(stack, secretary, '/qr revoke 2', '作废'));
    expect(answer).toContain('谢启富家（2 号户）的旧门牌二维码已经作废');
    const audit = await prisma.auditEvent.findFirst({ where: { villageId, action: 'household.qr-revoke' } });
    expect(audit?.data).toEqual({ version: 2 });
    expect(bodyOf(await sayAndWait(stack, wang, `/start ${xiePayload}`, '作废'))).toContain(
      '这个门牌二维码已经作废了',
    );
    expect(bodyOf(await sayAndWait(stack, zhang, `/start ${xiePayload}`, 'cancelled'))).toContain(
      'This door sign has been cancelled',
    );
    const fresh = await askForSign(xie, '门牌二维码');
    expect(fresh.payload).not.toBe(xiePayload);
    expect(fresh.payload).toMatch(/^h_\d+_2_/);
    expect(bodyOf(await sayAndWait(stack, wang, `/start ${fresh.payload}`, '🏠'))).toContain(
      '全户积分：23 分',
    );
  });

  it('names an unknown household number', async () => {
    expect(bodyOf(await sayAndWait(stack, secretary, '/qr revoke 99', '99'))).toBe(
      '本村没有 99 号户。户号印在门牌上，也可以发送 /qr print 查看。',
    );
  });

  it('sends the signs as one PDF: a page per household with its name, number, village and current signed code', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/qr print', '每户一页');
    const document = await stack.emulator.waitForCall(
      { method: 'sendDocument', chatId: secretary.id, ok: true, sinceSeq: since },
      15_000,
    );
    expect(bodyOf(document)).toBe('友谊村门牌二维码，共 3 户，每户一页 A4。打开 PDF 直接打印。');
    expect(documentOf(document)).toMatchObject({
      file_name: `household-qr-signs-${villageId}.pdf`,
      mime_type: 'application/pdf',
    });
    const households = await prisma.household.findMany({ where: { villageId }, orderBy: { number: 'asc' } });
    expect(households.map((h) => h.name)).toEqual(['李书记家', '谢启富家', 'Zhang home']);
    const pages = await readPdfPages(uploadOf(document));
    expect(pages).toHaveLength(households.length);
    const payloads = pages.map((page, index) => {
      const household = households[index];
      if (!household) throw new Error(`page ${index + 1} has no household`);
      const lines = page.text.split('\n').map((line) => line.trim());
      expect(lines).toEqual(expect.arrayContaining([household.name, `${household.number} 号户`, '友谊村']));
      const [, username, payload] = BOT_USERNAME_LINK.exec(page.qr ?? '') ?? [];
      expect(username).toBe(stack.emulator.core.botForToken(BOT_TOKEN).info.username);
      expect(payload).toMatch(new RegExp(`^h_${household.id}_${household.qrVersion}_`));
      return String(payload);
    });
    // The printed sign of 谢启富家 (revoked once, so version 2) is one its villagers can scan.
    expect(households[1]?.qrVersion).toBe(2);
    expect(bodyOf(await sayAndWait(stack, wang, `/start ${payloads[1]}`, '🏠'))).toContain(
      '🏠 谢启富家 · 友谊村',
    );
  });

  it('sends the PDF in English after /lang en', async () => {
    await sayAndWait(stack, secretary, '/lang en', 'English');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/qr print', 'one page per household');
    const document = await stack.emulator.waitForCall(
      { method: 'sendDocument', chatId: secretary.id, ok: true, sinceSeq: since },
      15_000,
    );
    expect(bodyOf(document)).toBe(
      "友谊村's door signs: 3 households, one A4 page each. Open the PDF and print.",
    );
    expect(documentOf(document)).toMatchObject({
      file_name: `household-qr-signs-${villageId}.pdf`,
      mime_type: 'application/pdf',
    });
    const pages = await readPdfPages(uploadOf(document));
    expect(pages).toHaveLength(3);
    const lines = (pages[1]?.text ?? '').split('\n').map((line) => line.trim());
    expect(lines).toEqual(
      expect.arrayContaining([
        '谢启富家',
        'Household No. 2',
        "Scan with a phone camera to see this household's points in Telegram",
        '友谊村',
      ]),
    );
    expect(pages[1]?.qr).toMatch(BOT_USERNAME_LINK);
  });
});
