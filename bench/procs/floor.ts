// The floor: the same pipe with no product logic. modesl receives each ESL
// event and Socket.IO broadcasts a message about as small as a patch (the
// event's name and timestamp) to the sockets of the event's SIP domain (each
// client names its domain in the handshake), one message per event. What the
// product costs beyond this is what our own code costs.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import modesl, { type EslEvent } from 'modesl';
import { Server } from 'socket.io';
import type { FloorMessage } from './load.ts';
import { serve } from './serve.ts';

/** The events the product subscribes to (server/pbx/connection.ts), so both pipes carry the same stream. */
const SUBSCRIPTION =
  'event json CHANNEL_CREATE CHANNEL_ANSWER CHANNEL_HANGUP_COMPLETE HEARTBEAT CUSTOM sofia::register sofia::unregister sofia::expire callcenter::info';

/** mod_callcenter names queues and agents `name@domain`. */
const domainOfName = (name: string | null | undefined) => (name?.includes('@') ? name.slice(name.lastIndexOf('@') + 1) : undefined);

const handlers = {
  start: ({ eslPort, password }: { eslPort: number; password: string }) =>
    new Promise<number>((resolve) => {
      const http = createServer();
      const io = new Server(http, { serveClient: false });
      io.on('connection', (socket) => socket.join(String(socket.handshake.auth.domain)));
      const esl = new modesl.Connection('127.0.0.1', eslPort, password, () => {
        esl.sendRecv('noevents');
        esl.sendRecv(SUBSCRIPTION, () => http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port)));
      });
      esl.on('esl::event::**', (event: EslEvent) => {
        const domain =
          event.getHeader('variable_domain_name') ??
          event.getHeader('from-host') ??
          event.getHeader('host') ??
          domainOfName(event.getHeader('CC-Queue') ?? event.getHeader('CC-Agent'));
        const at = Number(event.getHeader('Event-Date-Timestamp'));
        if (domain && at) io.to(domain).emit('event', { name: event.getHeader('Event-Name') ?? '', at } satisfies FloorMessage);
      });
    }),
};

export type FloorApi = typeof handlers;
serve(handlers);
