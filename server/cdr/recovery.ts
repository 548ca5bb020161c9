// The last line of "no call is lost": mod_json_cdr writes a CDR it could not
// post after all its retries (Switchboard down for longer than that) to its
// err-log-dir as <uuid>.cdr.json, and FreeSWITCH never tries it again. This
// posts each such file to /freeswitch/cdr exactly as FreeSWITCH would have,
// so it goes through the same idempotent recording and live updates, and
// removes the file once the server took it. Safe to run again at any time.
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export interface ReplayResult {
  posted: number;
  failed: { file: string; reason: string }[];
}

/**
 * With encode=false (ours) the file is the JSON text and a newline. With
 * encode=true it is the URL-encoded JSON (what followed `cdr=`); FreeSWITCH's
 * encoder leaves an existing %XX alone, so such a file decodes lossily.
 */
export const spooledJson = (text: string): string => (text.trimStart().startsWith('{') ? text : decodeURIComponent(text.trim()));

export async function replaySpool(dir: string, url: string, cred?: string): Promise<ReplayResult> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cdr.json')).sort();
  const result: ReplayResult = { posted: 0, failed: [] };
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cred) headers.authorization = `Basic ${Buffer.from(cred).toString('base64')}`;
  for (const name of files) {
    const path = join(dir, name);
    try {
      const body = spooledJson(await readFile(path, 'utf8'));
      const res = await fetch(url, { method: 'POST', headers, body });
      if (!res.ok) throw new Error(`HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      await unlink(path);
      result.posted++;
    } catch (err) {
      result.failed.push({ file: name, reason: (err as Error).message });
    }
  }
  return result;
}
