// Serves the built browser app: hashed assets cached for a year, every other
// page path answered with index.html so the client router takes over.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const clientDist = fileURLToPath(new URL('../../dist/client', import.meta.url));

export function clientRoutes() {
  const app = new Hono();
  const indexPath = join(clientDist, 'index.html');
  if (!existsSync(indexPath)) {
    app.get('*', (c) => c.text('The browser app is not built: run `npm run build` (npm start does it for you).', 503));
    return app;
  }
  const index = readFileSync(indexPath, 'utf8');
  // serveStatic wants a path relative to the working directory.
  const root = relative(process.cwd(), clientDist) || '.';
  app.use(
    '/assets/*',
    serveStatic({
      root,
      onFound: (_path, c) => {
        c.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    }),
  );
  app.use('*', serveStatic({ root, rewriteRequestPath: (p) => (p === '/' ? '/index.html' : p) }));
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(index);
  });
  return app;
}
