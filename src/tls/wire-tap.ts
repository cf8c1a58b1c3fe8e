/**
 * What the server sends during the TLS handshake, recorded on its way to OpenSSL (wire-chain.ts
 * says why). The TCP socket is handed to tls.connect behind a Duplex, so Node drives TLS through a
 * JavaScript stream (its JSStreamSocket) instead of the socket's native handle; every byte goes
 * through unchanged in both directions. Recording stops when the handshake ends, or at
 * MAX_RECORDED bytes (a chain that large falls back to Node's API).
 *
 * A tap given `beforeVerify` (handshake.ts: the public roots a chain needs, added to OpenSSL's
 * store) also holds the server's bytes back until it has read the certificates from them, calls
 * it with them, and only then lets OpenSSL have them: OpenSSL verifies the chain as soon as it
 * reads it. What it holds is only ever delayed, never changed; anything unexpected releases
 * everything, after `beforeVerify(null)`.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { certificatesFromWire, handshakeProgress } from './wire-chain.js';

/** Far above any real chain (LIMITS.maxChainLength certificates of a few kB each). */
const MAX_RECORDED = 256 * 1024;
const SECRET_LABEL = 'SERVER_HANDSHAKE_TRAFFIC_SECRET ';

export class HandshakeTap {
  private chunks: Buffer[] = [];
  private recorded = 0;
  private recording = true;
  private secret: Buffer | undefined;
  /** Set while the server's bytes are held back (see the file's comment). */
  private gate: { tap: Duplex; raw: Socket; released: number } | null = null;
  private advancing = false;
  /** The certificates read while holding, before OpenSSL had them (null: not read that way). */
  private readAhead: Buffer[] | null = null;

  constructor(private readonly beforeVerify?: (sent: readonly Buffer[] | null) => void) {}

  /** The stream to pass as tls.connect's `socket`: `raw`, with what it receives recorded. */
  wrap(raw: Socket): Duplex {
    const tap = new Duplex({
      read: () => void raw.resume(),
      write: (chunk: Buffer, _encoding, done) => void raw.write(chunk, (error) => done(error ?? null)),
      final: (done) => {
        raw.end();
        done();
      },
      destroy: (error, done) => {
        raw.destroy();
        done(error);
      },
    });
    if (this.beforeVerify !== undefined) this.gate = { tap, raw, released: 0 };
    raw.on('data', (chunk: Buffer) => {
      // More than MAX_RECORDED is no chain we could read (nor hold): let everything through.
      if (this.gate !== null && this.recorded + chunk.length > MAX_RECORDED) this.open(null);
      this.record(chunk);
      if (this.gate !== null) this.advance();
      else if (!tap.push(chunk)) raw.pause();
    });
    raw.on('end', () => {
      this.open(null); // the server is done sending: whatever is held goes to OpenSSL
      tap.push(null);
    });
    // A reset or other socket error reaches TLS as itself, not as a bare close.
    raw.on('error', (error) => tap.destroy(error));
    raw.on('close', () => tap.destroy());
    return tap;
  }

  /** Listen for the TLS 1.3 server handshake secret OpenSSL logs (call right after tls.connect). */
  listen(socket: TLSSocket): void {
    socket.on('keylog', (line: Buffer) => {
      const text = line.toString('latin1');
      if (!text.startsWith(SECRET_LABEL)) return;
      const hex = text.trim().split(' ')[2];
      if (hex !== undefined && /^[0-9a-f]+$/i.test(hex)) this.secret = Buffer.from(hex, 'hex');
      // Logged while OpenSSL reads the ServerHello: the records held after it can now be read.
      if (this.gate !== null) queueMicrotask(() => this.advance());
    });
  }

  /**
   * The certificates as sent, read once the handshake is done (`protocol` and `cipher` as Node
   * reports them); null when they could not be read.
   */
  certificates(protocol: string, cipher: string): Buffer[] | null {
    if (this.readAhead !== null) {
      this.stop();
      return this.readAhead;
    }
    const sent = Buffer.concat(this.chunks);
    this.stop();
    // A recording cut at MAX_RECORDED reads as an incomplete message: null.
    return certificatesFromWire(sent, protocol, cipher, this.secret);
  }

  /** The handshake is over (done or failed): nothing more is recorded or held. */
  stop(): void {
    this.gate = null;
    this.recording = false;
    this.chunks = [];
  }

  private record(chunk: Buffer): void {
    if (!this.recording || this.recorded >= MAX_RECORDED) return;
    this.chunks.push(chunk);
    this.recorded += chunk.length;
  }

  /** While holding: read what has come, and release what may go (not re-entered from a push). */
  private advance(): void {
    if (this.gate === null || this.advancing) return;
    this.advancing = true;
    try {
      const received = Buffer.concat(this.chunks);
      const progress = handshakeProgress(received, this.secret);
      if (progress.kind === 'waiting') this.release(received, progress.release);
      else this.open(progress.kind === 'certificates' ? progress.certificates : null);
    } finally {
      this.advancing = false;
    }
  }

  /** Hand OpenSSL the received bytes up to `end` (those before it already went). */
  private release(received: Buffer, end: number): void {
    const gate = this.gate;
    if (gate === null || end <= gate.released) return;
    const chunk = received.subarray(gate.released, end);
    gate.released = end;
    if (!gate.tap.push(chunk)) gate.raw.pause();
  }

  /** Stop holding: `beforeVerify` with what was read (null: nothing), then everything held goes. */
  private open(certificates: Buffer[] | null): void {
    if (this.gate === null) return;
    this.readAhead = certificates;
    this.beforeVerify?.(certificates);
    this.release(Buffer.concat(this.chunks), this.recorded);
    this.gate = null;
  }
}
