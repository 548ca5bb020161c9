// What the worker does with an upload (prepare-worker.mjs runs it): check it
// is a PDF we can fax, then put the cover page in front. Pure: bytes in,
// bytes out.
import type { CoverTemplateId } from '../../common/fax.ts';
import { coverPage, withCover, type CoverFields } from './cover.ts';
import { inspectPdf } from './pdf.ts';

export interface PrepareRequest {
  upload: Uint8Array;
  maxBytes: number;
  maxPages: number;
  template: CoverTemplateId;
  /** The cover's fields but the page count, which is known only here. */
  cover: Omit<CoverFields, 'pages'>;
}

export interface Prepared {
  /** The document's own pages, without the cover. */
  documentPages: number;
  document: Uint8Array;
  pages: number;
}

export async function prepareDocument(request: PrepareRequest): Promise<Prepared> {
  const { pages: documentPages } = await inspectPdf(request.upload, request.maxBytes, request.maxPages);
  const cover = request.template === 'none' ? undefined : await coverPage(request.template, { ...request.cover, pages: documentPages + 1 });
  const document = await withCover(cover, request.upload);
  return { documentPages, document, pages: documentPages + (cover ? 1 : 0) };
}
