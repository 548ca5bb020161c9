// `npm start`: build the browser app if needed, then run the server in this
// process (TypeScript through tsx; no separate compile step for the server).
import { register } from 'tsx/esm/api';

register();
process.env.NODE_ENV ??= 'production';
const { buildClientIfNeeded } = await import('./client-build.ts');
buildClientIfNeeded();
const { runFromEnvironment } = await import('../server/main.ts');
await runFromEnvironment();
