/**
 * The certificates the server sent, read off the wire: its Certificate handshake message, in the
 * order and number sent.
 *
 * Why not ask Node: `getPeerX509Certificate()` gives the chain as sent but leaks native memory on
 * every call in Node 20 (it copies each issuer with X509_dup and drops it from OpenSSL's stack with
 * sk_X509_delete, which frees nothing; README "Benchmark", bench/x509-leak.ts), a few kB per
 * handshake, hundreds of MB over a large run. `getPeerCertificate(true)` does not leak but
 * rebuilds the chain (drops what is not on the issuance path, appends the issuer from the client's
 * trust store), so it cannot say what the server sent.
 *
 * So the probe records the bytes the server sends until the handshake completes (wire-tap.ts) and
 * reads the Certificate message here. TLS 1.2 and earlier send it in the clear. TLS 1.3 encrypts
 * it under the server handshake traffic secret (RFC 8446 §7.1), which OpenSSL hands us through
 * Node's 'keylog' event; the record keys follow from it (§7.3) and Node's crypto decrypts. Pure;
 * anything unexpected gives null and the caller falls back to Node's API.
 */
import { createDecipheriv, createHmac, type CipherChaCha20Poly1305Types, type CipherGCMTypes } from 'node:crypto';

const RECORD_ALERT = 21;
const RECORD_HANDSHAKE = 22;
const RECORD_APPLICATION_DATA = 23;
const HANDSHAKE_SERVER_HELLO = 2;
const HANDSHAKE_CERTIFICATE = 11;
const HANDSHAKE_SERVER_HELLO_DONE = 14;
const HANDSHAKE_FINISHED = 20;
/** RFC 8446 §4.2.1: the extension that says a ServerHello is TLS 1.3, and its value. */
const EXTENSION_SUPPORTED_VERSIONS = 43;
const VERSION_TLS13 = 0x0304;
/** RFC 8446 §5.1/§5.2: a plaintext fragment is at most 2^14 bytes, a protected one 2^14 + 256. */
const MAX_RECORD = 16384 + 256;

interface Aead {
  algorithm: CipherGCMTypes | CipherChaCha20Poly1305Types;
  keyLength: number;
  hash: 'sha256' | 'sha384';
}

/**
 * The TLS 1.3 cipher suites OpenSSL offers by default, by code point (RFC 8446 §B.4): 0x1301
 * TLS_AES_128_GCM_SHA256, 0x1302 TLS_AES_256_GCM_SHA384, 0x1303 TLS_CHACHA20_POLY1305_SHA256; CCM
 * is not among them.
 */
const AEADS: Record<number, Aead> = {
  0x1301: { algorithm: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { algorithm: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { algorithm: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

/**
 * The server's certificates (DER, leaf first, as sent) from the bytes it sent on the connection
 * after STARTTLS, once the handshake is done; `secret` the SERVER_HANDSHAKE_TRAFFIC_SECRET (TLS 1.3
 * only). Null when the message is not there or anything does not parse.
 */
export function certificatesFromWire(sent: Buffer, secret?: Buffer): Buffer[] | null {
  const progress = handshakeProgress(sent, secret);
  return progress.kind === 'certificates' ? progress.certificates : null;
}

/**
 * Whether the 5 bytes at `at` can head a TLS record: content type 20-23 (§5.1, alerts included),
 * protocol version 3.x, a length TLS allows.
 */
export function isRecordHeader(bytes: Buffer, at: number): boolean {
  const type = bytes[at]!;
  return type >= 20 && type <= 23 && bytes[at + 1] === 3 && bytes.readUInt16BE(at + 3) <= MAX_RECORD;
}

/** Each record's type and fragment, and where it ends, in order; stops at the first incomplete record. */
function* records(sent: Buffer): Generator<{ type: number; header: Buffer; fragment: Buffer; end: number }> {
  let at = 0;
  while (at + 5 <= sent.length) {
    if (!isRecordHeader(sent, at)) throw new RangeError('not a TLS record');
    const length = sent.readUInt16BE(at + 3);
    if (at + 5 + length > sent.length) return;
    yield { type: sent[at]!, header: sent.subarray(at, at + 5), fragment: sent.subarray(at + 5, at + 5 + length), end: at + 5 + length };
    at += 5 + length;
  }
}

/** What the tap may do with the server's bytes of a handshake in progress (see handshakeProgress). */
export type HandshakeProgress =
  /** The Certificate message is in: the certificates as sent. */
  | { kind: 'certificates'; certificates: Buffer[] }
  /** Not yet. The first `release` bytes may go to OpenSSL now (TLS 1.3: the clear ServerHello, from which it derives the key to the rest). */
  | { kind: 'waiting'; release: number }
  /** The chain cannot be read ahead of OpenSSL: an alert, no Certificate, anything unexpected. */
  | { kind: 'unreadable' };

const UNREADABLE: HandshakeProgress = { kind: 'unreadable' };

/**
 * How far the server's side of a handshake has come, from the bytes it has sent so far: whether
 * its Certificate message can be read yet, before OpenSSL reads it (wire-tap.ts holds the bytes
 * meanwhile). TLS 1.2 and earlier send it in the clear after the ServerHello. TLS 1.3 encrypts it:
 * the clear ServerHello (and a HelloRetryRequest, which is one) must reach OpenSSL first, which
 * then logs the server handshake traffic secret (`secret`) that opens the records after it.
 */
export function handshakeProgress(received: Buffer, secret: Buffer | undefined): HandshakeProgress {
  try {
    const clear: Buffer[] = [];
    let clearEnd = 0;
    // What ends the clear part: an encrypted record (TLS 1.3), or an alert.
    let ended: 'encrypted' | 'alert' | null = null;
    for (const record of records(received)) {
      if (record.type === RECORD_APPLICATION_DATA || record.type === RECORD_ALERT) {
        ended = record.type === RECORD_ALERT ? 'alert' : 'encrypted';
        break;
      }
      if (record.type === RECORD_HANDSHAKE) clear.push(record.fragment);
      clearEnd = record.end;
    }
    let suite: number | null = null;
    for (const message of messages(Buffer.concat(clear))) {
      if (message.type === HANDSHAKE_SERVER_HELLO) suite = tls13Suite(message.body);
      else if (suite !== null)
        return UNREADABLE; // TLS 1.3 sends nothing else in the clear
      else if (message.type === HANDSHAKE_CERTIFICATE) return certificatesIn(tls12Certificates(message.body));
      else if (message.type === HANDSHAKE_SERVER_HELLO_DONE) return UNREADABLE; // no Certificate
    }
    if (ended === 'alert' || (suite === null && ended !== null)) return UNREADABLE;
    if (suite === null) return { kind: 'waiting', release: 0 };
    if (secret === undefined) return { kind: 'waiting', release: clearEnd };
    const handshake = decryptedHandshake(received, suite, secret);
    if (handshake === null) return UNREADABLE;
    const certificate = findMessage(handshake, HANDSHAKE_CERTIFICATE);
    if (certificate !== null) return certificatesIn(tls13Certificates(certificate));
    return findMessage(handshake, HANDSHAKE_FINISHED) === null ? { kind: 'waiting', release: clearEnd } : UNREADABLE;
  } catch {
    return UNREADABLE;
  }
}

function certificatesIn(certificates: Buffer[] | null): HandshakeProgress {
  return certificates === null ? UNREADABLE : { kind: 'certificates', certificates };
}

/** Each complete handshake message of a stream (§4: type, 24-bit length, body). */
function* messages(stream: Buffer): Generator<{ type: number; body: Buffer }> {
  let at = 0;
  while (at + 4 <= stream.length) {
    const length = stream.readUIntBE(at + 1, 3);
    if (at + 4 + length > stream.length) return;
    yield { type: stream[at]!, body: stream.subarray(at + 4, at + 4 + length) };
    at += 4 + length;
  }
}

/** A ServerHello's cipher suite when it negotiates TLS 1.3 (supported_versions, RFC 8446 §4.1.3), else null. */
function tls13Suite(body: Buffer): number | null {
  const hello = new Reader(body);
  hello.skip(2 + 32); // legacy_version, random
  hello.vector(1); // legacy_session_id_echo
  const suite = hello.uint(2);
  hello.skip(1); // legacy_compression_method
  if (hello.done) return null; // no extensions: TLS 1.2 or earlier
  const extensions = new Reader(hello.vector(2));
  while (!extensions.done) {
    const type = extensions.uint(2);
    const data = extensions.vector(2);
    if (type === EXTENSION_SUPPORTED_VERSIONS) return data.length === 2 && data.readUInt16BE(0) === VERSION_TLS13 ? suite : null;
  }
  return null;
}

/**
 * TLS 1.3: every application_data record before the handshake completes is protected with the
 * server handshake traffic keys, sequence numbers from 0 (§5.3); ChangeCipherSpec records in
 * middlebox compatibility mode and the clear ServerHello(s) are skipped.
 */
function decryptedHandshake(sent: Buffer, suite: number, secret: Buffer): Buffer | null {
  const aead = AEADS[suite];
  if (aead === undefined) return null;
  const key = expandLabel(aead.hash, secret, 'key', aead.keyLength);
  const iv = expandLabel(aead.hash, secret, 'iv', 12);
  const parts: Buffer[] = [];
  let sequence = 0n;
  for (const record of records(sent)) {
    if (record.type !== RECORD_APPLICATION_DATA) continue;
    const inner = open(aead, key, iv, sequence, record.header, record.fragment);
    sequence += 1n;
    if (inner === null) return null;
    if (inner.type !== RECORD_HANDSHAKE) continue;
    parts.push(inner.content);
    // Stop at the Certificate: later records (after Finished) are under other keys.
    const stream = Buffer.concat(parts);
    if (findMessage(stream, HANDSHAKE_CERTIFICATE) !== null) return stream;
  }
  return Buffer.concat(parts);
}

/** HKDF-Expand-Label (RFC 8446 §7.1) with an empty context, for outputs of one hash block or less. */
function expandLabel(hash: Aead['hash'], secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

/** Decrypt one record (§5.2, §5.3): the inner content type is the last non-zero byte. */
function open(
  aead: Aead,
  key: Buffer,
  iv: Buffer,
  sequence: bigint,
  header: Buffer,
  fragment: Buffer,
): { type: number; content: Buffer } | null {
  if (fragment.length < 17) return null;
  const nonce = Buffer.from(iv);
  for (let i = 0; i < 8; i += 1) nonce[11 - i]! ^= Number((sequence >> BigInt(8 * i)) & 0xffn);
  // The same call twice: Node's typings overload createDecipheriv per mode, not for their union.
  const decipher =
    aead.algorithm === 'chacha20-poly1305'
      ? createDecipheriv(aead.algorithm, key, nonce, { authTagLength: 16 })
      : createDecipheriv(aead.algorithm, key, nonce, { authTagLength: 16 });
  decipher.setAAD(header, { plaintextLength: fragment.length - 16 });
  decipher.setAuthTag(fragment.subarray(fragment.length - 16));
  const plain = Buffer.concat([decipher.update(fragment.subarray(0, fragment.length - 16)), decipher.final()]);
  let end = plain.length - 1;
  while (end >= 0 && plain[end] === 0) end -= 1;
  if (end < 0) return null;
  return { type: plain[end]!, content: plain.subarray(0, end) };
}

/** The body of the first complete handshake message of `type`. */
function findMessage(stream: Buffer, type: number): Buffer | null {
  for (const message of messages(stream)) if (message.type === type) return message.body;
  return null;
}

/** Reads the vectors of a message, each bounds-checked; a short or overlong vector throws. */
class Reader {
  private at = 0;
  constructor(private readonly bytes: Buffer) {}
  vector(lengthBytes: 1 | 2 | 3): Buffer {
    return this.take(this.uint(lengthBytes));
  }
  uint(bytes: 1 | 2 | 3): number {
    return this.take(bytes).readUIntBE(0, bytes);
  }
  skip(bytes: number): void {
    this.take(bytes);
  }
  private take(length: number): Buffer {
    if (this.at + length > this.bytes.length) throw new RangeError('vector overruns its message');
    this.at += length;
    return this.bytes.subarray(this.at - length, this.at);
  }
  get done(): boolean {
    return this.at === this.bytes.length;
  }
}

/** TLS ≤ 1.2 (RFC 5246 §7.4.2): certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>. */
function tls12Certificates(message: Buffer): Buffer[] | null {
  const outer = new Reader(message);
  const list = new Reader(outer.vector(3));
  if (!outer.done) return null;
  const certificates: Buffer[] = [];
  while (!list.done) certificates.push(Buffer.from(list.vector(3)));
  return certificates;
}

/** TLS 1.3 (RFC 8446 §4.4.2): a request context, then CertificateEntry {cert_data, extensions}. */
function tls13Certificates(message: Buffer): Buffer[] | null {
  const outer = new Reader(message);
  outer.vector(1);
  const list = new Reader(outer.vector(3));
  if (!outer.done) return null;
  const certificates: Buffer[] = [];
  while (!list.done) {
    certificates.push(Buffer.from(list.vector(3)));
    list.vector(2);
  }
  return certificates;
}
