// The Hono app: REST for forms only (sign-in, admin, …), then the browser app.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { adminRoutes } from './admin.ts';
import { authRoutes } from './auth.ts';
import type { HttpDeps } from './deps.ts';
import { apiNotFound, errorHandler } from './errors.ts';
import { clientRoutes } from './static.ts';

export function createApp(deps: HttpDeps) {
  const app = new Hono();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        // Solid sets style attributes on elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.onError(errorHandler(deps.log));
  app.route('/', authRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.all('/api/*', apiNotFound);
  app.route('/', clientRoutes());
  return app;
}
