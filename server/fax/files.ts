// The fax file store: PDFs named by their SHA-256, so a name never comes
// from a user and the same document is stored once. Writes go to a
// temporary name first, so a reader never sees half a file.
import { createHash, randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, rename, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const HASH = /^[0-9a-f]{64}$/;
const FULL_BELOW_BYTES = 1024 * 1024;

/** The errors a write gives when the disk (or the user's quota on it) has no room. */
export const isDiskFull = (err: unknown) => ['ENOSPC', 'EDQUOT'].includes((err as NodeJS.ErrnoException | undefined)?.code ?? '');

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
    try {
      await writeFile(temp, bytes);
      await rename(temp, path);
    } catch (err) {
      // A full disk leaves the temporary file behind, taking the space another write would need.
      await rm(temp, { force: true });
      throw err;
    }
    return hash;
  }

  /**
   * Whether the store's disk is (all but) full: what made a write fail, when
   * the writer does not say (ghostscript exits 0 on a full disk). Less than
   * FULL_BELOW_BYTES left counts as full: a fax TIFF is tens of KB a page.
   */
  async full(): Promise<boolean> {
    const s = await statfs(this.dir).catch(() => undefined);
    return s !== undefined && s.bavail * s.bsize < FULL_BELOW_BYTES;
  }

  readPdf(hash: string): Promise<Buffer> {
    return readFile(this.pdfPath(hash));
  }
}
