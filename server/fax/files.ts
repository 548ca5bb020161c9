// The fax file store: PDFs named by their SHA-256, so a name never comes
// from a user and the same document is stored once. Writes go to a
// temporary name first, so a reader never sees half a file.
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

export class FaxFiles {
  constructor(readonly dir: string) {}

  /** Where a PDF lives; refuses anything but a hash, so no path can be smuggled in. */
  pdfPath(hash: string): string {
    if (!HASH.test(hash)) throw new Error('not a content hash');
    return join(this.dir, 'pdf', hash.slice(0, 2), `${hash}.pdf`);
  }

  /** The TIFF FreeSWITCH sends for one outbound fax, named by the fax's id. */
  tiffPath(faxId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(faxId)) throw new Error('not a fax id');
    return join(this.dir, 'tiff', `${faxId}.tif`);
  }

  /** Where FreeSWITCH's rxfax writes faxes arriving on a fax DID (it must be able to write there). */
  get rxDir(): string {
    return join(this.dir, 'rx');
  }

  /**
   * FreeSWITCH usually runs as another user than Switchboard, and rxfax
   * creates no folders: the folder exists and anyone may add files to it
   * (sticky, like /tmp, so nobody removes another's).
   */
  async prepareRxDir(): Promise<void> {
    await mkdir(this.rxDir, { recursive: true });
    await chmod(this.rxDir, 0o1777);
  }

  async putPdf(bytes: Uint8Array): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const path = this.pdfPath(hash);
    await mkdir(join(this.dir, 'pdf', hash.slice(0, 2)), { recursive: true });
    const temp = `${path}.${randomUUID()}.part`;
    await writeFile(temp, bytes);
    await rename(temp, path);
    return hash;
  }

  readPdf(hash: string): Promise<Buffer> {
    return readFile(this.pdfPath(hash));
  }
}
