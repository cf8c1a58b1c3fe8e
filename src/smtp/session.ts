/**
 * One SMTP conversation over one TCP connection: connect, read framed replies under absolute
 * per-phase deadlines, send one command at a time (no pipelining: a command goes out only after
 * the previous reply arrived), upgrade with STARTTLS, tear down safely.
 *
 * Every remote misbehaviour comes back as an Attempt carrying a Failure; nothing here throws for
 * it. Every socket has an 'error' listener for its whole life, and every timer is cleared.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import type { SmtpReply, TlsSession } from '../model/observation.js';
import type { Phase } from '../model/vocabulary.js';
import type { Budget } from './deadline.js';
import {
  closedFailure,
  failed,
  handshakeFailure,
  socketErrorFailure,
  syntaxFailure,
  unsolicitedFailure,
  type Attempt,
} from './failures.js';
import { ReplyReader } from './reply-reader.js';
import { describeSession, handshakeContext, handshakeOptions, type HandshakeMode } from '../tls/handshake.js';
import type { TrustStore } from '../tls/trust-store.js';
import { HandshakeTap } from '../tls/wire-tap.js';

export interface Endpoint {
  address: string;
  family: 4 | 6;
  host: string;
  port: number;
}

export class SmtpSession {
  private stream: Socket | TLSSocket;
  private tlsSocket: TLSSocket | null = null;
  private readonly reader = new ReplyReader();
  private connected = false;
  /** The peer half-closed (FIN): reported as connection-closed, even if a write then failed. */
  private gotEnd = false;
  private closed = false;
  private error: unknown = null;
  /** Re-evaluates the pending wait, if any, after every socket event. */
  private notify: (() => void) | null = null;
  private torn = false;

  private constructor(
    private readonly raw: Socket,
    private readonly endpoint: Endpoint,
    private readonly budget: Budget,
  ) {
    this.stream = raw;
    raw.on('connect', () => this.event(() => (this.connected = true)));
    this.listen(raw);
  }

  /** Open the TCP connection (phase 'connect'). */
  static async open(endpoint: Endpoint, budget: Budget): Promise<Attempt<SmtpSession>> {
    if (isIP(endpoint.address) !== endpoint.family) {
      throw new TypeError(`not an IPv${endpoint.family} address: ${endpoint.address}`);
    }
    const early = budget.aborted('connect');
    if (early !== null) return failed(early);
    const left = budget.limit('connect');
    if (left.ms <= 0) return failed(left.failure); // no time left: do not even dial
    const raw = netConnect({ host: endpoint.address, port: endpoint.port, family: endpoint.family, noDelay: true });
    const session = new SmtpSession(raw, endpoint, budget);
    const outcome = await session.wait<SmtpSession>('connect', () => {
      if (session.connected) return { ok: true, value: session };
      if (session.error !== null) return failed(socketErrorFailure('connect', session.error));
      if (session.closed) return failed(closedFailure('connect', false));
      return undefined;
    });
    if (!outcome.ok) void session.close();
    return outcome;
  }

  /** The next complete reply, within the phase deadline. */
  readReply(phase: Phase): Promise<Attempt<SmtpReply>> {
    return this.wait(phase, () => {
      const next = this.reader.next();
      if (next !== undefined) return next.ok ? { ok: true, value: next.reply } : failed(syntaxFailure(phase, next.error));
      if (this.gotEnd) return failed(closedFailure(phase, this.reader.hasPartial));
      if (this.error !== null) return failed(socketErrorFailure(phase, this.error));
      if (this.closed) return failed(closedFailure(phase, this.reader.hasPartial));
      return undefined;
    });
  }

  /**
   * Send one command line and wait for its reply. Anything already received is a reply nobody
   * asked for (we never pipeline, so every earlier reply was taken): it would be read as the answer
   * to this command, e.g. a fake EHLO reply without STARTTLS sent along with the banner. The
   * command is not sent and the phase fails instead (RFC 5321 §4.2: one reply per command).
   */
  command(phase: Phase, line: string): Promise<Attempt<SmtpReply>> {
    if (/[\r\n]/.test(line)) throw new TypeError('an SMTP command must not contain CR or LF');
    const held = this.reader.buffered;
    if (held.bytes > 0 || held.lines > 0) return Promise.resolve(failed(unsolicitedFailure(phase, held)));
    // A write to a socket the peer closed fails with EPIPE; the read below reports the close.
    if (this.stream.writable) this.stream.write(`${line}\r\n`);
    return this.readReply(phase);
  }

  /**
   * STARTTLS accepted: throw away all buffered plaintext (RFC 3207 §6) and handshake on the same
   * connection (phase 'tls'). On success later replies are read from the TLS layer. With a trust
   * store, OpenSSL's verdict on the chain against it is recorded too (modern mode).
   */
  async upgrade(mode: HandshakeMode, trust?: TrustStore): Promise<Attempt<TlsSession>> {
    this.raw.removeAllListeners('data');
    this.reader.discard();
    let secure = false;
    let handshakeError: unknown = null;
    const { secureContext, beforeVerify } = handshakeContext(mode, trust);
    const tap = new HandshakeTap(beforeVerify);
    const socket = tlsConnect({ socket: tap.wrap(this.raw), ...handshakeOptions(this.endpoint.host, mode), secureContext });
    tap.listen(socket);
    this.tlsSocket = socket;
    socket.on('secureConnect', () => this.event(() => (secure = true)));
    socket.on('error', (error: unknown) => this.event(() => (handshakeError ??= error)));
    socket.on('close', () =>
      this.event(() => (handshakeError ??= Object.assign(new Error('connection closed during the handshake'), { code: 'EOF' }))),
    );
    const outcome = await this.wait<TlsSession>('tls', () => {
      if (secure) return { ok: true, value: describeSession(socket, trust !== undefined, tap) };
      if (handshakeError !== null) return failed(handshakeFailure(handshakeError));
      return undefined;
    });
    tap.stop();
    if (outcome.ok) {
      // Fresh state for the encrypted conversation (the reader was emptied above).
      this.gotEnd = false;
      this.closed = false;
      this.error = null;
      this.stream = socket;
      this.listen(socket);
    }
    return outcome;
  }

  /**
   * Tear down. The TLS socket goes first and the raw socket a tick later: destroying both in the
   * same tick has crashed Node 20 with SIGSEGV after a STARTTLS upgrade.
   */
  close(): Promise<void> {
    const raw = this.raw;
    // Resolves once the connection is really gone, so a per-address connection limit counts what
    // the server counts (a slot is not handed on while our FIN is still in flight).
    const gone = raw.destroyed && raw.closed ? Promise.resolve() : new Promise<void>((resolve) => raw.once('close', () => resolve()));
    if (this.torn) return gone;
    this.torn = true;
    this.notify = null;
    if (this.tlsSocket !== null) {
      this.tlsSocket.destroy();
      setImmediate(() => raw.destroy());
    } else {
      raw.destroy();
    }
    return gone;
  }

  private listen(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => this.event(() => this.reader.push(chunk)));
    socket.on('end', () => this.event(() => (this.gotEnd = true)));
    socket.on('close', () => this.event(() => (this.closed = true)));
    // Always listened to, so no socket error can escape as an unhandled 'error' event.
    socket.on('error', (error: unknown) => this.event(() => (this.error ??= error)));
  }

  private event(update: () => unknown): void {
    update();
    this.notify?.();
  }

  /** Wait until `check` has an outcome, the phase deadline passes, or the caller aborts. */
  private wait<T>(phase: Phase, check: () => Attempt<T> | undefined): Promise<Attempt<T>> {
    const early = this.budget.aborted(phase);
    if (early !== null) return Promise.resolve(failed(early));
    const ready = check();
    if (ready !== undefined) return Promise.resolve(ready);
    const limit = this.budget.limit(phase);
    if (limit.ms <= 0) return Promise.resolve(failed(limit.failure));
    const signal = this.budget.signal;
    return new Promise((resolve) => {
      const finish = (outcome: Attempt<T>): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.notify = null;
        resolve(outcome);
      };
      const onAbort = (): void => finish(failed(this.budget.aborted(phase) ?? limit.failure));
      const timer = setTimeout(() => finish(failed(limit.failure)), limit.ms);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.notify = () => {
        const outcome = check();
        if (outcome !== undefined) finish(outcome);
      };
    });
  }
}
