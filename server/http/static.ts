// Serves the built browser app: hashed assets cached for a year, every other
// page path answered with index.html so the client router takes over.
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
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
  // The page itself is revalidated on every load, so a redeploy (a new
  // bundle, a new live protocol) reaches every tab that reloads.
  const page = (c: Context) => {
    c.header('Cache-Control', 'no-cache');
    return c.html(index);
  };
  // serveStatic would answer these from disk without that header.
  app.get('/', page);
  app.get('/index.html', page);
  app.use('*', serveStatic({ root }));
  app.get('*', page);
  return app;
}
