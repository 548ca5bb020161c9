// Client weight: builds the browser app into a scratch folder (never touching
// dist/client, which running servers serve) with a manifest, then follows the
// entry's static imports — what the browser fetches before sign-in can
// complete — and finds the softphone's lazy chunk (JsSIP), gzipping each.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface ClientWeight {
  before_sign_in: number;
  /** null until the softphone is its own lazy chunk. */
  softphone: number | null;
  files: { before_sign_in: string[]; softphone: string[] };
}

/** The chunks `key` pulls in through static imports, itself included. */
export function staticClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) staticClosure(manifest, dep, seen);
  return seen;
}

/** The softphone's own lazy module (SoftphonePanel imports it); the check page and other dynamic entries are not it. */
const SOFTPHONE_MODULE = 'src/softphone/softphone.tsx';
const isSoftphone = (key: string, chunk: ManifestChunk) => key === SOFTPHONE_MODULE || chunk.src === SOFTPHONE_MODULE;

export function weigh(manifest: Manifest, gzipKb: (file: string) => number): ClientWeight {
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entry) throw new Error('the client build has no entry chunk');
  const before = staticClosure(manifest, entry);
  const jsOf = (keys: Iterable<string>) => [...keys].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
  const phoneKey = Object.keys(manifest).find((k) => manifest[k]!.isDynamicEntry && isSoftphone(k, manifest[k]!));
  const phone = phoneKey ? [...staticClosure(manifest, phoneKey)].filter((k) => !before.has(k)) : [];
  const sum = (files: string[]) => Math.round(files.reduce((kb, f) => kb + gzipKb(f), 0) * 10) / 10;
  const beforeFiles = jsOf(before);
  const phoneFiles = jsOf(phone);
  return {
    before_sign_in: sum(beforeFiles),
    softphone: phoneKey ? sum(phoneFiles) : null,
    files: { before_sign_in: beforeFiles, softphone: phoneFiles },
  };
}

/** `signal` stops the build when the bench is interrupted. */
export async function measureClientWeight(signal: AbortSignal): Promise<ClientWeight> {
  const out = mkdtempSync(join(tmpdir(), 'sb-bench-client-'));
  try {
    const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
    await new Promise<void>((resolve, reject) =>
      execFile(process.execPath, [vite, 'build', '--outDir', out, '--emptyOutDir', '--manifest', '--logLevel', 'warn'], { cwd: root, signal }, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
    const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Manifest;
    return weigh(manifest, (file) => gzipSync(readFileSync(join(out, file))).length / 1024);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
