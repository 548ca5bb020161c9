// Builds the browser app into dist/client when it is missing or older than
// its sources, so `npm start` and the browser tests always serve current code.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const clientDist = join(root, 'dist', 'client');
const built = join(clientDist, 'index.html');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

export function clientIsCurrent() {
  if (!existsSync(built)) return false;
  const sources = ['client', 'common', 'vite.config.ts', 'package-lock.json']
    .map((p) => join(root, p))
    .filter(existsSync);
  return statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime));
}

export function buildClientIfNeeded() {
  if (clientIsCurrent()) return false;
  console.log('Building the browser app (vite)…');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  return true;
}
