// The part of modesl 1.2.1 (CommonJS, untyped) that server/pbx/ uses.
declare module 'modesl' {
  import type { Socket } from 'node:net';

  export interface EslEvent {
    /** Headers in arrival order; JSON events may carry non-string values. */
    headers: { name: string; value: unknown }[];
    /** Event-Name, when the frame is an event. */
    type: string | undefined;
    getHeader(name: string): string | null;
    getBody(): string;
    getType(): string | undefined;
  }

  type Listener = (...args: any[]) => void;

  export interface EslConnection {
    /** null once the socket ended. */
    socket: Socket | null;
    api(command: string, cb: (response: EslEvent) => void): void;
    /** Writes a raw command; cb gets its command/reply. */
    sendRecv(command: string, cb?: (reply: EslEvent) => void): void;
    bgapi(command: string, cb: (event: EslEvent) => void): void;
    /** Sends `event <format> <names…>`; modesl appends BACKGROUND_JOB and CHANNEL_EXECUTE_COMPLETE unless present. */
    events(format: 'plain' | 'json' | 'xml', names: string[], cb?: (reply: EslEvent) => void): void;
    subscribe(names: string[], cb?: (reply: EslEvent) => void): void;
    /** Writes `exit` and ends the socket. */
    disconnect(): void;
    on(event: string, listener: Listener): this;
    once(event: string, listener: Listener): this;
    removeListener(event: string, listener: Listener): this;
    removeAllListeners(event?: string): this;
  }

  export interface EslConnectionConstructor {
    /** Connects at once; `esl::ready` (and onReady) fire after auth succeeded. */
    new (host: string, port: number, password: string, onReady?: () => void): EslConnection;
  }

  const modesl: { Connection: EslConnectionConstructor };
  export default modesl;
}
