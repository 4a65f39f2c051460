import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { HouseholdSign } from '../../core/households/household-signs.ts';

/** One household's page: its sign and the signed deep link its QR code holds. */
export interface SignPage {
  sign: HouseholdSign;
  link: string;
}

type Translate = (key: string, params?: Record<string, string | number>) => string;

const MM = 72 / 25.4; // PDF units are points, 1/72 inch
const A4_WIDTH = 210 * MM;
const MARGIN = 15 * MM;
const TEXT_WIDTH = A4_WIDTH - 2 * MARGIN;
/** The code with its quiet zone: 120 mm, so a phone reads it from an arm's length off a door. */
const QR_SIDE = 120 * MM;
/** The blank border a scanner needs around the code, in modules (the QR standard asks for 4). */
export const QR_QUIET_MODULES = 4;
/** Error correction M (15%): a door sign survives some weather and dirt, and stays easy to scan. */
export const QR_ERROR_CORRECTION = 'M';
/** The household's name shrinks from this size until it fits one line, and wraps below the smallest. */
const NAME_SIZES = { largest: 44, smallest: 24 };
/**
 * Where each part of a page starts, from the top edge; the number line follows the name, everything else
 * is in the same place on every page, whatever the name's length.
 */
const TOP = { name: 38 * MM, qr: 85 * MM, hint: 208 * MM, village: 222 * MM };
/** A name takes two lines at most (40 characters do at the smallest size); a longer one ends in an ellipsis. */
const NAME_LINES = 2;
const NAME_TO_NUMBER = 3 * MM;

const REGULAR = 'sign-regular';
const BOLD = 'sign-bold';

interface SignFonts {
  regular: Buffer;
  bold: Buffer;
}

let signFonts: Promise<SignFonts> | undefined;

/**
 * Noto Sans Hans (Noto Sans CJK SC's glyphs, SIL Open Font License) from the `@embedpdf/fonts-sc`
 * package: about 30,800 characters, Chinese with CJK Extension A (䶮) and Latin, so every household's
 * name prints whatever the printing computer has installed. Read once per worker process, on the first
 * print; pdfkit embeds in each PDF only the glyphs its pages use. A failed read is not kept, so the
 * job's retry tries again.
 */
function loadSignFonts(): Promise<SignFonts> {
  if (signFonts === undefined) {
    const loading = (async () => {
      // The package exports only its (tiny) index module; the font files sit in fonts/ beside dist/. A
      // require.resolve, which test/build's import graph also reads as this package being used.
      const require = createRequire(import.meta.url);
      const dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
      const [regular, bold] = await Promise.all([
        readFile(join(dir, 'NotoSansHans-Regular.otf')),
        readFile(join(dir, 'NotoSansHans-Bold.otf')),
      ]);
      return { regular, bold };
    })();
    signFonts = loading;
    loading.catch(() => {
      if (signFonts === loading) signFonts = undefined;
    });
  }
  return signFonts;
}

/**
 * The printable door signs: one A4 page per household with its name, number line, QR code, the hint and
 * the village, as a PDF. The code is drawn as vector squares from the QR matrix, so it prints sharp at
 * any size; the text is real text in an embedded subset of the font (selectable, searchable).
 */
export async function renderSignSheet(t: Translate, pages: readonly SignPage[]): Promise<Buffer> {
  const fonts = await loadSignFonts();
  const village = pages[0]?.sign.village ?? '';
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: t('household-qr-sheet-title', { village }) },
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  for (const page of pages) drawSign(doc, t, page);
  doc.end();
  return finished;
}

function drawSign(doc: PDFKit.PDFDocument, t: Translate, { sign, link }: SignPage): void {
  doc.addPage();
  const centered = { width: TEXT_WIDTH, align: 'center' } as const;
  doc.font(BOLD).fontSize(nameSize(doc, sign.name));
  const height = NAME_LINES * doc.currentLineHeight(true) + 1;
  doc.text(sign.name, MARGIN, TOP.name, { ...centered, height, ellipsis: true });
  doc.font(REGULAR).fontSize(20);
  doc.text(t('household-qr-sheet-number', { number: sign.number }), MARGIN, doc.y + NAME_TO_NUMBER, centered);
  drawQrCode(doc, link, (A4_WIDTH - QR_SIDE) / 2, TOP.qr);
  doc.fontSize(14).text(t('household-qr-sheet-hint'), MARGIN, TOP.hint, centered);
  doc.fontSize(26).text(sign.village, MARGIN, TOP.village, centered);
}

/** The largest size (in 2-point steps) at which the name fits one line; the smallest when none does. */
function nameSize(doc: PDFKit.PDFDocument, name: string): number {
  for (let size = NAME_SIZES.largest; size > NAME_SIZES.smallest; size -= 2) {
    if (doc.fontSize(size).widthOfString(name) <= TEXT_WIDTH) return size;
  }
  return NAME_SIZES.smallest;
}

/**
 * The code as filled squares, a run of dark modules in a row being one rectangle, all in one path filled
 * once (no hairline seams between modules). The quiet zone is the paper left blank around it.
 */
function drawQrCode(doc: PDFKit.PDFDocument, link: string, left: number, top: number): void {
  const { modules } = QRCode.create(link, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const cell = QR_SIDE / (modules.size + 2 * QR_QUIET_MODULES);
  const origin = QR_QUIET_MODULES * cell;
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      doc.rect(left + origin + start * cell, top + origin + row * cell, (col - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill();
}
