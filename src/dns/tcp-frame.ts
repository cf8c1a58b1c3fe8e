/**
 * DNS over TCP framing (RFC 1035 §4.2.2, RFC 7766 §8): every message is preceded by a two-byte
 * big-endian length that counts the message only, not the two length bytes themselves.
 *
 * We do not use dns-packet's streamEncode/streamDecode: streamDecode reports a consumed byte
 * count without the two prefix bytes (so a caller advancing by it lands two bytes short) and
 * decodes past the frame's end. This reader is pure and works on any chunking.
 */

/** Prefix one encoded DNS message with its length. */
export function frameMessage(message: Buffer): Buffer {
  if (message.length > 0xffff) {
    // A DNS message cannot be longer than 65535 bytes; our encoder never produces one.
    throw new Error(`DNS message of ${message.length} bytes cannot be framed`);
  }
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(message.length, 0);
  return Buffer.concat([prefix, message]);
}

/** Accumulates bytes from a TCP stream and hands back complete messages. */
export class FrameReader {
  private buffered: Buffer = Buffer.alloc(0);

  /** Add received bytes; returns every message completed by them, in order. */
  push(chunk: Buffer): Buffer[] {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const messages: Buffer[] = [];
    while (this.buffered.length >= 2) {
      const length = this.buffered.readUInt16BE(0);
      if (this.buffered.length < 2 + length) break;
      messages.push(this.buffered.subarray(2, 2 + length));
      this.buffered = this.buffered.subarray(2 + length);
    }
    return messages;
  }

  /** Bytes received but not yet part of a complete message (at most 65536 + chunk). */
  get pendingBytes(): number {
    return this.buffered.length;
  }
}
