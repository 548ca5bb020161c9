// The worker thread prepare-sandbox.ts keeps for uploads. A plain module that
// loads TypeScript itself: `npm start` registers tsx in the main thread only,
// and a worker starts without it. One upload at a time, in order.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { prepareDocument } = await import('./prepare.ts');
parentPort.on('message', async ({ id, request }) => {
  try {
    const prepared = await prepareDocument(request);
    parentPort.postMessage({ id, prepared }, [prepared.document.buffer]);
  } catch (err) {
    // A FaxInputError is the user's to read; anything else means pdf-lib could not read the file.
    parentPort.postMessage({ id, refused: typeof err?.status === 'number' ? { status: err.status, message: err.message } : undefined });
  }
});
