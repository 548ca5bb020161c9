// Where a recording is on disk, and which bytes of it a Range header asks
// for. Pure. The path comes from FreeSWITCH (variable_record_file_name),
// never from the request; even so, anything that would leave the recordings
// directory is refused here.
import { extname, isAbsolute, relative, resolve } from 'node:path';

/** The file under `root` a stored recording path names, or undefined when it would escape `root`. */
export function recordingFile(root: string, stored: string): string | undefined {
  if (!stored || stored.includes('\0')) return undefined;
  const full = resolve(root, stored);
  const inside = relative(root, full);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? full : undefined;
}

const TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
};

export const audioType = (file: string) => TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';

export type ByteRange = { start: number; end: number } | 'unsatisfiable' | undefined;

/**
 * The single byte range of a `Range: bytes=…` header (inclusive end), for a
 * file of `size` bytes. Undefined means "send it all" (no header, another
 * unit, several ranges — which a server may ignore).
 */
export function byteRange(header: string | undefined, size: number): ByteRange {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (!match[1] && !match[2])) return undefined;
  if (!match[1]) {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  return start >= size || end < start ? 'unsatisfiable' : { start, end };
}
