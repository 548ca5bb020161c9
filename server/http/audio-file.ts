// An audio file streamed to the browser's player: only a regular file that
// really lies under its root (symlinks resolved) is served, and a Range
// request gets 206 with just those bytes, so the player can seek. Used by
// call recordings and voicemail.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { Readable } from 'node:stream';
import { audioType, byteRange } from '../cdr/recording-file.ts';

export interface OpenableFile {
  path: string;
  size: number;
}

/** The real file, or undefined when it is missing, not a file, or a path (or link) out of `root`. */
export async function openable(root: string, file: string): Promise<OpenableFile | undefined> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + sep)) return undefined;
    const info = await stat(realFile);
    return info.isFile() ? { path: realFile, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The file as a response: the whole of it, or the one byte range asked for.
 * `download` names the file the browser saves it as (Content-Disposition).
 */
export function audioResponse(found: OpenableFile, rangeHeader: string | undefined, download?: string): Response {
  const headers: Record<string, string> = {
    'content-type': audioType(found.path),
    'accept-ranges': 'bytes',
    'cache-control': 'private, no-store',
  };
  if (download) headers['content-disposition'] = `attachment; filename="${download.replace(/[^\w.+-]/g, '_')}"`;
  const range = byteRange(rangeHeader, found.size);
  if (range === 'unsatisfiable') {
    return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${found.size}` } });
  }
  const { start, end } = range ?? { start: 0, end: found.size - 1 };
  headers['content-length'] = String(Math.max(0, end - start + 1));
  if (range) headers['content-range'] = `bytes ${start}-${end}/${found.size}`;
  const body = found.size === 0 ? null : (Readable.toWeb(createReadStream(found.path, { start, end })) as ReadableStream<Uint8Array>);
  return new Response(body, { status: range ? 206 : 200, headers });
}
