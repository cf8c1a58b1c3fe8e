/**
 * The one scripted SMTP server of the tests: tiny servers on 127.0.0.1:0 whose every connection
 * runs a script (`mta()` is a well-behaved one), recording every command line received. Also
 * the probe tests' deadlines and a port with nothing listening.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { after } from 'node:test';
import { createSecureContext, TLSSocket, type SecureContextOptions } from 'node:tls';
import type { Timeouts } from '../../src/model/limits.js';
import { leaf } from '../tls/pki.js';

export function timeouts(phaseMs: number, hostMs = 10_000): Timeouts {
  return { phaseMs, hostMs, dnsQueryMs: 1000, dnsAttempts: 1 };
}

export interface Conn {
  /** The current stream (plain, or TLS after startTls). */
  readonly socket: Socket;
  send(data: string | Buffer): void;
  /** The next command line (CRLF stripped), or null at EOF / error. */
  command(): Promise<string | null>;
  /** Server side of STARTTLS. Resolves with the SNI name sent (or false), or null when the handshake failed. */
  startTls(options: SecureContextOptions): Promise<string | false | null>;
  end(): void;
  /** Abortive close (RST). */
  reset(): void;
  /** Resolves when the connection is closed. */
  readonly closed: Promise<void>;
}

export interface TestServer {
  port: number;
  /** Every command line received, over all connections, in order. */
  commands: string[];
  connections: number;
  close(): Promise<void>;
}

export type Script = (conn: Conn) => Promise<void>;

export async function startServer(script: Script, bind = '127.0.0.1'): Promise<TestServer> {
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A script failure is a broken test server, not a probe result: make it loud.
    script(makeConn(socket, commands)).catch((error: unknown) => {
      console.error('test server script failed:', error);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, bind, resolve);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return {
    port: address.port,
    commands,
    get connections() {
      return state.connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A `serve` for one test file: each call starts a scripted server (on `bind`, 127.0.0.1 by
 * default) and all of them are closed after the file's tests. Call it once, at the top level.
 */
export function serverPool(): (script: Script, bind?: string) => Promise<TestServer> {
  const servers: TestServer[] = [];
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });
  return async (script, bind) => {
    const server = await startServer(script, bind);
    servers.push(server);
    return server;
  };
}

function makeConn(raw: Socket, commands: string[]): Conn {
  let stream: Socket = raw;
  let buffer = '';
  let eof = false;
  let wake: (() => void) | null = null;
  const onData = (chunk: Buffer): void => {
    buffer += chunk.toString('latin1');
    wake?.();
  };
  const onEnd = (): void => {
    eof = true;
    wake?.();
  };
  const attach = (s: Socket): void => {
    s.on('data', onData);
    s.on('end', onEnd);
    s.on('close', onEnd);
    s.on('error', onEnd);
  };
  attach(raw);
  const closed = new Promise<void>((resolve) => raw.once('close', () => resolve()));
  return {
    get socket() {
      return stream;
    },
    closed,
    send: (data) => {
      if (stream.writable) stream.write(data);
    },
    command: async () => {
      for (;;) {
        const lf = buffer.indexOf('\n');
        if (lf !== -1) {
          const line = buffer.slice(0, lf).replace(/\r$/, '');
          buffer = buffer.slice(lf + 1);
          commands.push(line);
          return line;
        }
        if (eof) return null;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
      }
    },
    startTls: (options) => {
      raw.removeListener('data', onData);
      buffer = '';
      const secure = new TLSSocket(raw, { isServer: true, secureContext: createSecureContext(options) });
      return new Promise((resolve) => {
        secure.once('secure', () => {
          stream = secure;
          attach(secure);
          resolve((secure as TLSSocket & { servername?: string | false }).servername ?? false);
        });
        secure.on('error', () => resolve(null));
        secure.once('close', () => resolve(null));
      });
    },
    end: () => stream.end(),
    reset: () => raw.resetAndDestroy(),
  };
}

export interface MtaOptions {
  /** Raw banner bytes (default a 220). */
  banner?: string;
  /** Raw reply to EHLO before TLS (default advertises STARTTLS). */
  ehlo?: string;
  /** Raw reply to HELO. */
  helo?: string;
  /** Raw reply to STARTTLS (default 220). */
  starttls?: string;
  /** Server TLS options; null: never handshake (the connection then just waits). */
  tls?: SecureContextOptions | null;
  /** Raw reply to EHLO over TLS. */
  ehloTls?: string;
  /** Called with the SNI name the client sent (false when none). */
  onSni?: (name: string | false) => void;
}

export const EHLO_STARTTLS = '250-mx.test greets you\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 STARTTLS\r\n';
export const EHLO_TLS = '250-mx.test after TLS\r\n250-PIPELINING\r\n250 AUTH PLAIN LOGIN\r\n';

/** A well-behaved MTA whose every reply can be overridden. */
export function mta(options: MtaOptions = {}): Script {
  return async (conn) => {
    conn.send(options.banner ?? '220 mx.test ESMTP ready\r\n');
    let secure = false;
    for (;;) {
      const line = await conn.command();
      if (line === null) return;
      const verb = line.split(' ')[0]?.toUpperCase();
      if (verb === 'EHLO') conn.send(secure ? (options.ehloTls ?? EHLO_TLS) : (options.ehlo ?? EHLO_STARTTLS));
      else if (verb === 'HELO') conn.send(options.helo ?? '250 mx.test\r\n');
      else if (verb === 'QUIT') {
        conn.send('221 2.0.0 bye\r\n');
        conn.end();
        return;
      } else if (verb === 'STARTTLS' && !secure) {
        const reply = options.starttls ?? '220 2.0.0 ready to start TLS\r\n';
        conn.send(reply);
        if (!reply.startsWith('220 ')) continue;
        if (options.tls === null) return conn.closed;
        const sni = await conn.startTls(options.tls ?? leaf('valid'));
        if (sni === null) return;
        options.onSni?.(sni);
        secure = true;
      } else conn.send('502 5.5.2 command not recognised\r\n');
    }
  };
}

/** A port with nothing listening (bound once, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
