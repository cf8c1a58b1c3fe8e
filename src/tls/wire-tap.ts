/**
 * What the server sends during the TLS handshake, recorded on its way to OpenSSL (wire-chain.ts
 * says why). The TCP socket is handed to tls.connect behind a Duplex, so Node drives TLS through a
 * JavaScript stream (its JSStreamSocket) instead of the socket's native handle; every byte goes
 * through unchanged in both directions. Recording stops when the handshake ends, or at
 * MAX_RECORDED bytes (a chain that large falls back to Node's API).
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { certificatesFromWire } from './wire-chain.js';

/** Far above any real chain (LIMITS.maxChainLength certificates of a few kB each). */
const MAX_RECORDED = 256 * 1024;
const SECRET_LABEL = 'SERVER_HANDSHAKE_TRAFFIC_SECRET ';

export class HandshakeTap {
  private chunks: Buffer[] = [];
  private recorded = 0;
  private recording = true;
  private secret: Buffer | undefined;

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
    raw.on('data', (chunk: Buffer) => {
      this.record(chunk);
      if (!tap.push(chunk)) raw.pause();
    });
    raw.on('end', () => tap.push(null));
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
    });
  }

  /**
   * The certificates as sent, read once the handshake is done (`protocol` and `cipher` as Node
   * reports them); null when they could not be read.
   */
  certificates(protocol: string, cipher: string): Buffer[] | null {
    const sent = Buffer.concat(this.chunks);
    this.stop();
    // A recording cut at MAX_RECORDED reads as an incomplete message: null.
    return certificatesFromWire(sent, protocol, cipher, this.secret);
  }

  stop(): void {
    this.recording = false;
    this.chunks = [];
  }

  private record(chunk: Buffer): void {
    if (!this.recording || this.recorded >= MAX_RECORDED) return;
    this.chunks.push(chunk);
    this.recorded += chunk.length;
  }
}
