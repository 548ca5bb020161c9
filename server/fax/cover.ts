// Cover pages: one A4 page drawn with pdf-lib from a built-in template, and
// the document to fax (cover first). Pure: fields in, PDF bytes out.
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { assertNever } from '../../common/exhaustive.ts';
import type { CoverTemplateId } from '../../common/fax.ts';

export interface CoverFields {
  from: string;
  fromNumber: string;
  to: string;
  date: Date;
  /** All pages faxed, the cover included. */
  pages: number;
  subject: string;
  note: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0, 0, 0);

/** The standard fonts speak WinAnsi; anything else would make pdf-lib throw. */
const printable = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff\n]/g, '?');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}

function fieldsTable(page: PDFPage, top: number, f: CoverFields, regular: PDFFont, bold: PDFFont): number {
  const rows: [string, string][] = [
    ['To', f.to],
    ['From', f.fromNumber ? `${f.from} (${f.fromNumber})` : f.from],
    ['Date', f.date.toUTCString().replace(' GMT', ' UTC')],
    ['Pages', `${f.pages} (including this cover page)`],
    ['Subject', f.subject || '-'],
  ];
  let y = top;
  for (const [label, value] of rows) {
    page.drawText(label, { x: MARGIN, y, size: 13, font: bold, color: INK });
    page.drawText(printable(value).slice(0, 80), { x: MARGIN + 90, y, size: 13, font: regular, color: INK });
    y -= 26;
  }
  page.drawLine({ start: { x: MARGIN, y: y + 8 }, end: { x: A4[0] - MARGIN, y: y + 8 }, thickness: 1, color: INK });
  y -= 20;
  for (const line of wrap(f.note, regular, 12, A4[0] - 2 * MARGIN).slice(0, 30)) {
    page.drawText(line, { x: MARGIN, y, size: 12, font: regular, color: INK });
    y -= 17;
  }
  return y;
}

/** One cover page; fax machines are black and white, so the templates are too. */
export async function coverPage(template: Exclude<CoverTemplateId, 'none'>, fields: CoverFields): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle('Fax cover page');
  const page = doc.addPage(A4);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const top = A4[1] - MARGIN;
  switch (template) {
    case 'classic':
      page.drawText('FAX', { x: MARGIN, y: top - 40, size: 48, font: bold, color: INK });
      fieldsTable(page, top - 100, fields, regular, bold);
      break;
    case 'business':
      page.drawRectangle({ x: 0, y: top - 50, width: A4[0], height: 70, color: INK });
      page.drawText(printable(fields.from).slice(0, 40), { x: MARGIN, y: top - 25, size: 24, font: bold, color: rgb(1, 1, 1) });
      page.drawText('Fax message', { x: MARGIN, y: top - 90, size: 20, font: regular, color: INK });
      fieldsTable(page, top - 130, fields, regular, bold);
      break;
    case 'urgent':
      page.drawRectangle({ x: MARGIN, y: top - 70, width: A4[0] - 2 * MARGIN, height: 70, borderColor: INK, borderWidth: 4 });
      page.drawText('URGENT FAX', { x: MARGIN + 20, y: top - 50, size: 40, font: bold, color: INK });
      fieldsTable(page, top - 120, fields, regular, bold);
      break;
    default:
      assertNever(template, 'cover template');
  }
  return doc.save();
}

/** The PDF to fax: the cover (when there is one) followed by every page of the document. */
export async function withCover(cover: Uint8Array | undefined, document: Uint8Array): Promise<Uint8Array> {
  if (!cover) return document;
  const out = await PDFDocument.load(cover);
  const doc = await PDFDocument.load(document);
  for (const page of await out.copyPages(doc, doc.getPageIndices())) out.addPage(page);
  return out.save();
}
