/**
 * What the server sends during the TLS handshake, recorded on its way to OpenSSL (wire-chain.ts
 * says why). The TCP socket is handed to tls.connect behind a Duplex, so Node drives TLS through a
 * JavaScript stream (its JSStreamSocket) instead of the socket's native handle; every byte goes
 * through unchanged in both directions. Recording stops when the handshake ends; past
 * MAX_RECORDED bytes nothing is read off the wire (a chain that large falls back to Node's API).
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
import { certificatesFromWire, handshakeProgress, isRecordHeader } from './wire-chain.js';

/** Far above any real chain (LIMITS.maxChainLength certificates of a few kB each). */
const MAX_RECORDED = 256 * 1024;
/** A server flight holds a handful of records before its Certificate (~10); more is not one we read. */
const MAX_HELD_RECORDS = 64;
const SECRET_LABEL = 'SERVER_HANDSHAKE_TRAFFIC_SECRET ';

/**
 * The recording: one buffer grown by doubling, and how many complete records it has. Reading a
 * held flight again is worth it only when a record was completed (or a header is not TLS's): a
 * server that sends its flight a byte at a time costs a copy per byte, not a parse of all so far.
 */
class Recording {
  private bytes = Buffer.alloc(0);
  length = 0;
  records = 0;
  /** Where the complete records counted so far end. */
  private scanned = 0;

  /** Appends `chunk`; true when reading the flight again may tell more. */
  add(chunk: Buffer): boolean {
    if (this.length + chunk.length > this.bytes.length) {
      // Only [0, length) is ever read, so the rest need not be zeroed.
      const grown = Buffer.allocUnsafe(Math.max(2 * this.bytes.length, this.length + chunk.length, 4096));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    chunk.copy(this.bytes, this.length);
    this.length += chunk.length;
    const before = this.records;
    while (this.scanned + 5 <= this.length) {
      if (!isRecordHeader(this.bytes, this.scanned)) return true; // not TLS: the reader says so
      const end = this.scanned + 5 + this.bytes.readUInt16BE(this.scanned + 3);
      if (end > this.length) break;
      this.scanned = end;
      this.records += 1;
    }
    return this.records > before;
  }

  /** What was recorded. Bytes once recorded are never written again (more goes after them). */
  view(): Buffer {
    return this.bytes.subarray(0, this.length);
  }
}

export class HandshakeTap {
  private recording: Recording | null = new Recording();
  /** More arrived than MAX_RECORDED: the recording is not the whole flight. */
  private overflowed = false;
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
      const completed = this.record(chunk);
      if (this.gate === null) {
        if (!tap.push(chunk)) raw.pause();
      } else if (completed) this.advance();
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

  /** The certificates as sent, read once the handshake is done; null when they could not be read. */
  certificates(): Buffer[] | null {
    const recorded = this.overflowed ? null : this.recording?.view();
    this.stop();
    if (this.readAhead !== null) return this.readAhead;
    return recorded ? certificatesFromWire(recorded, this.secret) : null;
  }

  /** The handshake is over (done or failed): nothing more is recorded or held. */
  stop(): void {
    this.gate = null;
    this.recording = null;
  }

  /** Records `chunk`; true when a held flight may be read further. */
  private record(chunk: Buffer): boolean {
    const recording = this.recording;
    if (recording === null || this.overflowed) return false;
    if (recording.length + chunk.length > MAX_RECORDED) {
      // No chain we could read, nor hold: everything held goes, and so does all that follows.
      this.overflowed = true;
      this.open(null);
      return false;
    }
    return recording.add(chunk);
  }

  /** While holding: read what has come, and release what may go (not re-entered from a push). */
  private advance(): void {
    const recording = this.recording;
    if (this.gate === null || recording === null || this.advancing) return;
    if (recording.records > MAX_HELD_RECORDS) return this.open(null);
    this.advancing = true;
    try {
      const progress = handshakeProgress(recording.view(), this.secret);
      if (progress.kind === 'waiting') this.release(progress.release);
      else this.open(progress.kind === 'certificates' ? progress.certificates : null);
    } finally {
      this.advancing = false;
    }
  }

  /** Hand OpenSSL the held bytes up to `end` (those before it already went). */
  private release(end: number): void {
    const gate = this.gate;
    if (gate === null || this.recording === null || end <= gate.released) return;
    const chunk = this.recording.view().subarray(gate.released, end);
    gate.released = end;
    if (!gate.tap.push(chunk)) gate.raw.pause();
  }

  /** Stop holding: `beforeVerify` with what was read (null: nothing), then everything held goes. */
  private open(certificates: Buffer[] | null): void {
    if (this.gate === null) return;
    this.readAhead = certificates;
    this.beforeVerify?.(certificates);
    this.release(this.recording?.length ?? 0);
    this.gate = null;
  }
}
