import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';

/** One page of a PDF as a reader sees it: its text, and what a QR code printed on it holds. */
export interface PdfPage {
  text: string;
  qr: string | undefined;
}

// jsqr is CommonJS whose types declare an ES default export: at run time the import is the function
// itself, with the same function as its `default`; take whichever is callable.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

const PDF_HEADER = '%PDF-';
const runFile = promisify(execFile);

async function run(command: string, args: string[]): Promise<string> {
  try {
    return (await runFile(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`${command} is missing: install poppler-utils (.ci/run does)`);
    throw error;
  }
}

/**
 * Reads a PDF the way a person would: poppler's pdftotext for each page's text, and pdftoppm at 100 dpi
 * (a plain office printer's detail is higher) for a picture of each page, whose QR code jsqr decodes.
 */
export async function readPdfPages(pdf: Buffer): Promise<PdfPage[]> {
  if (pdf.subarray(0, PDF_HEADER.length).toString('latin1') !== PDF_HEADER)
    throw new Error('not a PDF: no %PDF- header');
  const dir = await mkdtemp(join(tmpdir(), 'yingshan-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    await writeFile(file, pdf);
    // pdftotext ends every page, the last one too, with a form feed.
    const texts = (await run('pdftotext', ['-enc', 'UTF-8', file, '-'])).split('\f').slice(0, -1);
    await run('pdftoppm', ['-r', '100', '-png', file, join(dir, 'page')]);
    // page-1.png … or page-01.png … when there are ten pages or more: the names sort in page order.
    const pictures = (await readdir(dir)).filter((name) => name.endsWith('.png')).sort();
    if (pictures.length !== texts.length)
      throw new Error(`pdftotext read ${texts.length} pages, pdftoppm drew ${pictures.length}`);
    return await Promise.all(
      pictures.map(async (name, index) => {
        const image = PNG.sync.read(await readFile(join(dir, name)));
        const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
        return { text: texts[index] ?? '', qr: code?.data };
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
