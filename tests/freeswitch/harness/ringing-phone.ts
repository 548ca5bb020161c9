// A phone that rings and never answers, on a UDP port of 127.0.0.1: the
// contact a sipp register-for.xml names. It answers FreeSWITCH's NOTIFYs and
// CANCELs 200 and each INVITE 180, so a call to it stays ringing (one leg of
// the extension on its server) until someone hangs it up.
import { createSocket } from 'node:dgram';

export interface RingingPhone {
  port: number;
  /** INVITEs received (retransmissions included). */
  invites(): number;
  close(): Promise<void>;
}

export async function ringingPhone(port: number): Promise<RingingPhone> {
  const socket = createSocket('udp4');
  let invites = 0;
  socket.on('message', (msg, from) => {
    const text = msg.toString('utf8');
    const method = /^([A-Z]+) /.exec(text)?.[1];
    if (!method || method === 'ACK') return;
    const copied = text.split('\r\n').filter((l) => /^(Via|From|To|Call-ID|CSeq):/i.test(l));
    let status = 'SIP/2.0 200 OK';
    if (method === 'INVITE') {
      invites++;
      status = 'SIP/2.0 180 Ringing';
      // A provisional answer needs the callee's tag.
      for (let i = 0; i < copied.length; i++) if (/^To:/i.test(copied[i]!) && !/;tag=/.test(copied[i]!)) copied[i] += ';tag=ringing-phone';
    }
    socket.send([status, ...copied, 'Content-Length: 0', '', ''].join('\r\n'), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(port, '127.0.0.1', resolve));
  return { port, invites: () => invites, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
