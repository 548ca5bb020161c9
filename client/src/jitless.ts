// zod (the schemas in common/) probes `new Function` as it builds each object
// schema unless told not to, and under the server's CSP (no 'unsafe-eval')
// the browser logs every probe as a violation. App.tsx loads this before any
// page, so it runs before any module that builds a schema.
import { config } from 'zod/v4/core';

config({ jitless: true });
