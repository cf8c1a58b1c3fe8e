/**
 * The receiver of `tlscheck listen`, on nodemailer's smtp-server: it offers the posture (no
 * STARTTLS, a bad certificate, TLS 1.0 only, or a trusted certificate), refuses every MAIL FROM
 * (5xx, or 4xx with tempfail) so nothing is ever accepted, relayed or stored, and records each
 * session with a SessionRecorder. The client's bytes are tapped before the library parses them
 * (plaintext on the accepted socket, cleartext of the TLS socket after the handshake), so commands
 * the library refuses are observed too.
 */
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { SMTPServer, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';
import type { ListenSession, Posture, SessionEnd } from '../model/listen.js';
import { selfSignedCertificate, VALIDITY, WRONG_NAME, type PostureCertificate } from './certificates.js';
import type { ListenLimits } from './limits.js';
import { SessionRecorder } from './recorder.js';

export interface ListenerOptions {
  posture: Posture;
  /** Address to bind; null: every address (IPv6 and IPv4). */
  host: string | null;
  port: number;
  /** The name this receiver answers as (banner, and the certificate of untrusted/expired/tls1.0). */
  name: string;
  /** For the valid posture: the operator's certificate chain and key (PEM). */
  certificate: PostureCertificate | null;
  tempfail: boolean;
  limits: ListenLimits;
  now?: () => number;
}

export interface Listener {
  /** The bound address and port (port 0 resolved). */
  address: string;
  port: number;
  /** The certificate offered (PEM), null under no-starttls. */
  certificate: string | null;
  /** Stops listening; sessions still open end as server-stopped. */
  close(): Promise<void>;
}

/** Binding failed: EACCES (port 25 needs privileges), EADDRINUSE, EADDRNOTAVAIL. */
export class ListenerBindError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const REFUSAL_TEXT = 'This is a TLS-enforcement test receiver (tlscheck listen): it accepts no mail';

interface Live {
  recorder: SessionRecorder;
  raw: Socket;
  tls: TLSSocket | null;
  timers: NodeJS.Timeout[];
  idle: NodeJS.Timeout | null;
}

export function postureCertificate(options: Pick<ListenerOptions, 'posture' | 'name' | 'certificate'>): PostureCertificate | null {
  switch (options.posture) {
    case 'no-starttls':
      return null;
    case 'valid':
      return options.certificate;
    case 'wrong-name':
      return selfSignedCertificate({ name: WRONG_NAME, ...VALIDITY.current });
    case 'expired':
      return selfSignedCertificate({ name: options.name, ...VALIDITY.expired });
    default:
      return selfSignedCertificate({ name: options.name, ...VALIDITY.current });
  }
}

/** smtp-server's form of a client address (IPv4-mapped IPv6 reduced to IPv4). */
export function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '').toLowerCase();
}

/** The TLS library's reason, without OpenSSL's error-stack prefix ("tlsv1 alert unknown ca"). */
export function tlsReason(error: Error & { meta?: { message?: string }; code?: string }): string {
  const raw = error.meta?.message ?? error.message;
  const reason = raw
    .replace(/^.*?SSL routines:[^:]*:/s, '')
    .replace(/:[^:]*\.c:\d+:?$/, '')
    .trim();
  return reason || error.code || 'TLS error';
}

export async function startListener(options: ListenerOptions, onSession: (session: ListenSession) => void): Promise<Listener> {
  const now = options.now ?? Date.now;
  const { limits, posture } = options;
  const certificate = postureCertificate(options);
  const offered = posture !== 'no-starttls';
  const live = new Map<string, Live>();
  const keyOf = (address: string, port: number) => `${address}|${port}`;
  const find = (session: SMTPServerSession) => live.get(keyOf(session.remoteAddress, session.remotePort));

  const end = (entry: Live, reason: SessionEnd | null) => {
    const key = keyOf(entry.recorder.client.address, entry.recorder.client.port);
    if (live.get(key) !== entry) return;
    live.delete(key);
    for (const timer of entry.timers) clearTimeout(timer);
    if (entry.idle) clearTimeout(entry.idle);
    onSession(entry.recorder.finish(reason, now()));
    if (reason !== null) {
      entry.tls?.destroy();
      entry.raw.destroy();
    }
  };
  const armIdle = (entry: Live) => {
    if (entry.idle) clearTimeout(entry.idle);
    entry.idle = setTimeout(() => end(entry, 'idle-timeout'), limits.idleMs);
  };
  const feed = (entry: Live, chunk: Buffer, secure: boolean) => {
    armIdle(entry);
    const breach = entry.recorder.data(chunk, secure, now());
    if (breach) end(entry, breach);
  };
  const refusal = () => Object.assign(new Error(REFUSAL_TEXT), { responseCode: options.tempfail ? 451 : 550 });

  const tlsOptions: Partial<SMTPServerOptions> = certificate ? { key: certificate.key, cert: certificate.cert } : {};
  if (posture === 'tls1.0') Object.assign(tlsOptions, { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });

  const server = new SMTPServer({
    ...tlsOptions,
    name: options.name,
    banner: 'TLS-enforcement test receiver (tlscheck listen), accepts no mail',
    disabledCommands: offered ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    maxClients: limits.maxClients,
    // Our own idle deadline fires first and records the ending; this one is a backstop.
    socketTimeout: limits.idleMs + 5_000,
    closeTimeout: 1_000,
    size: 1024,
    maxCommandLength: limits.maxLineBytes,
    onConnect(session, callback) {
      const entry = find(session);
      // The TLS library reports a failed handshake on the connection, with the client's alert.
      for (const connection of server.connections) {
        if (connection.session !== session || !entry) continue;
        connection.on('error', (error: Error) => {
          if (entry.recorder.awaitingTls()) entry.recorder.tlsFailed(tlsReason(error));
        });
      }
      callback();
    },
    onSecure(socket, session, callback) {
      const entry = find(session);
      if (entry) {
        const tls = socket as TLSSocket;
        entry.tls = tls;
        entry.recorder.tlsEstablished({
          protocol: tls.getProtocol() ?? 'unknown',
          cipher: tls.getCipher()?.name ?? 'unknown',
          sni: typeof tls.servername === 'string' && tls.servername !== '' ? tls.servername : null,
        });
        // Paused so no byte passes before the library pipes the socket (the callback does).
        tls.pause();
        tls.on('data', (chunk: Buffer) => feed(entry, chunk, true));
      }
      callback();
    },
    onMailFrom(_address, _session, callback) {
      callback(refusal());
    },
    onRcptTo(_address, _session, callback) {
      callback(refusal());
    },
    onData(stream, _session, callback) {
      // Never reached (MAIL FROM is refused); if it were, the content is drained, not kept.
      stream.resume();
      stream.on('end', () => callback(refusal()));
    },
    onClose(session) {
      const entry = find(session);
      if (entry) end(entry, null);
    },
  });
  // Per-connection errors are recorded on their session (above); none may crash the listener.
  server.on('error', () => undefined);

  const accept = server.server.listeners('connection') as ((socket: Socket) => void)[];
  server.server.removeAllListeners('connection');
  server.server.on('connection', (socket: Socket) => {
    const client = { address: plainAddress(socket.remoteAddress), port: socket.remotePort ?? 0 };
    const entry: Live = {
      recorder: new SessionRecorder(client, posture, offered, now(), limits),
      raw: socket,
      tls: null,
      timers: [],
      idle: null,
    };
    live.set(keyOf(client.address, client.port), entry);
    entry.timers.push(setTimeout(() => end(entry, 'session-deadline'), limits.sessionMs));
    armIdle(entry);
    // Paused, so adding the tap does not start the flow before the library pipes the socket.
    socket.pause();
    socket.on('data', (chunk: Buffer) => feed(entry, chunk, false));
    socket.on('error', () => undefined);
    // Removed by the library at STARTTLS; from then on onClose ends the session.
    socket.once('close', () => setImmediate(() => end(entry, null)));
    for (const listener of accept) listener.call(server.server, socket);
  });

  await new Promise<void>((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => reject(new ListenerBindError(error.code ?? 'unknown', error.message));
    server.server.once('error', failed);
    const done = () => {
      server.server.off('error', failed);
      resolve();
    };
    if (options.host === null) server.listen(options.port, done);
    else server.listen(options.port, options.host, done);
  });
  const bound = server.server.address();
  return {
    address: typeof bound === 'object' && bound ? bound.address : (options.host ?? ''),
    port: typeof bound === 'object' && bound ? bound.port : options.port,
    certificate: certificate?.cert ?? null,
    close: async () => {
      for (const entry of [...live.values()]) end(entry, 'server-stopped');
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
