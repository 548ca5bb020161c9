// Is this upload a PDF we can fax? Judged by its bytes alone, never by the
// file name or the type the browser declared. Pure: bytes in, verdict out.
import { EncryptedPDFError, PDFDocument } from 'pdf-lib';
import { FaxInputError } from './errors.ts';
import { objectStreamBytes } from './pdf-streams.ts';

export interface PdfFacts {
  pages: number;
}

const MB = 1024 * 1024;
const ENCRYPTED = new FaxInputError(422, 'This PDF is password-protected or encrypted. Remove the protection and retry.');
const ascii = (bytes: Uint8Array, from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');

export async function inspectPdf(bytes: Uint8Array, maxBytes: number, maxPages = Infinity): Promise<PdfFacts> {
  if (bytes.length > maxBytes) {
    throw new FaxInputError(413, `The file is larger than ${Math.floor(maxBytes / MB)} MB. Send a smaller PDF.`);
  }
  if (bytes.length === 0) throw new FaxInputError(400, 'The file is empty. Choose a PDF document.');
  // The header may follow a little junk (the spec allows it); a PNG or a Word file has none.
  if (!ascii(bytes, 0, 1024).includes('%PDF-')) {
    throw new FaxInputError(415, 'This file is not a PDF. Only PDF documents can be faxed.');
  }
  // A complete PDF ends with %%EOF; a cut-off upload or copy does not.
  if (!ascii(bytes, Math.max(0, bytes.length - 2048), bytes.length).includes('%%EOF')) {
    throw new FaxInputError(422, 'This PDF is incomplete (it looks cut off). Save or export it again and retry.');
  }
  // An encrypted PDF names its security handler in the trailer; pdf-lib could
  // only give us pages it cannot read.
  if (Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes('/Encrypt')) throw ENCRYPTED;
  if (objectStreamBytes(bytes) === undefined) {
    throw new FaxInputError(422, 'This PDF is too complex to fax: its compressed objects unpack to more than a fax may take. Print it to a new PDF and retry.');
  }
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { throwOnInvalidObject: true, updateMetadata: false });
  } catch (err) {
    if (err instanceof EncryptedPDFError) throw ENCRYPTED;
    throw new FaxInputError(422, 'This PDF is damaged and cannot be read. Save or export it again and retry.');
  }
  if (doc.isEncrypted) throw ENCRYPTED;
  let pages: number;
  try {
    pages = doc.getPageCount();
  } catch {
    throw new FaxInputError(422, 'This PDF is damaged and cannot be read. Save or export it again and retry.');
  }
  if (pages === 0) throw new FaxInputError(422, 'This PDF has no pages.');
  if (pages > maxPages) throw new FaxInputError(422, `This PDF has ${pages} pages; a fax may have at most ${maxPages}. Send it in parts.`);
  return { pages };
}
