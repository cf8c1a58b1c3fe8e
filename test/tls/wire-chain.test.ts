import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { connect, createServer, type SecureVersion, type TlsOptions } from 'node:tls';
import { handshakeContext, handshakeOptions, sentChain, type HandshakeMode } from '../../src/tls/handshake.js';
import { certificatesFromWire } from '../../src/tls/wire-chain.js';
import { HandshakeTap } from '../../src/tls/wire-tap.js';
import { derOf, pemText } from './pki.js';

interface Handshake {
  /** Read off the wire by the tap. */
  wire: Buffer[] | null;
  /** Node's own as-sent chain (getPeerX509Certificate), the reference. */
  node: Buffer[];
  protocol: string | null;
  cipher: string | undefined;
}

/** One handshake through the tap, as the probe makes it (a connected TCP socket upgraded in place). */
async function handshake(sent: string[], server: TlsOptions, mode: HandshakeMode = 'modern'): Promise<Handshake> {
  const listener = createServer(
    { key: pemText(sent[0]!.replace('.cert.pem', '.key.pem')), cert: sent.map(pemText).join(''), ...server },
    (s) => {
      s.on('error', () => undefined);
      s.end();
    },
  );
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  try {
    const raw = netConnect({ host: '127.0.0.1', port: (listener.address() as AddressInfo).port });
    await once(raw, 'connect');
    const tap = new HandshakeTap();
    const socket = connect({
      socket: tap.wrap(raw),
      ...handshakeOptions('mx.valid.test', mode),
      secureContext: handshakeContext(mode).secureContext,
    });
    tap.listen(socket);
    socket.on('error', () => undefined);
    await once(socket, 'secureConnect');
    const result = {
      wire: tap.certificates(),
      node: sentChain(socket).chain,
      protocol: socket.getProtocol(),
      cipher: socket.getCipher()?.name,
    };
    socket.destroy();
    return result;
  } finally {
    listener.close();
  }
}

const CHAINS: [string, string[]][] = [
  ['leaf only', ['incomplete.cert.pem']],
  ['leaf + intermediate', ['valid.cert.pem', 'intermediate.pem']],
  ['leaf + unrelated + intermediate', ['valid.cert.pem', 'rogue-root.pem', 'intermediate.pem']],
  ['leaf + intermediate + root', ['valid.cert.pem', 'intermediate.pem', 'root.pem']],
  ['leaf + root + intermediate (out of order)', ['valid.cert.pem', 'root.pem', 'intermediate.pem']],
];

const SESSIONS: [string, TlsOptions, HandshakeMode, string][] = [
  ['TLS 1.3 AES-128-GCM', { ciphers: 'TLS_AES_128_GCM_SHA256' }, 'modern', 'TLS_AES_128_GCM_SHA256'],
  ['TLS 1.3 AES-256-GCM', { ciphers: 'TLS_AES_256_GCM_SHA384' }, 'modern', 'TLS_AES_256_GCM_SHA384'],
  ['TLS 1.3 ChaCha20-Poly1305', { ciphers: 'TLS_CHACHA20_POLY1305_SHA256' }, 'modern', 'TLS_CHACHA20_POLY1305_SHA256'],
  // The client's first key share (X25519) is not one the server takes: HelloRetryRequest first.
  ['TLS 1.3 after HelloRetryRequest', { ecdhCurve: 'P-256' }, 'modern', 'TLS_AES_256_GCM_SHA384'],
  ['TLS 1.2', { maxVersion: 'TLSv1.2' as SecureVersion }, 'modern', 'TLSv1.2'],
  ['TLS 1.0 (legacy probe)', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, 'legacy', 'TLSv1'],
];

describe('the chain read off the wire equals what the server sent, and what Node reports', () => {
  // The last column: the TLS 1.3 suite, or the protocol for earlier versions (whose suite depends on the key).
  for (const [session, server, mode, negotiated] of SESSIONS) {
    for (const [name, sent] of CHAINS) {
      test(`${session}: ${name}`, async () => {
        const result = await handshake(sent, server, mode);
        assert.equal(negotiated.startsWith('TLS_') ? result.cipher : result.protocol, negotiated);
        const expected = sent.map((file) => derOf(pemText(file)));
        assert.deepEqual(result.wire, expected);
        assert.deepEqual(result.node, expected);
      });
    }
  }
});

describe('certificatesFromWire: anything unexpected is null, never a wrong chain', () => {
  test('no bytes, garbage, or a record cut short', () => {
    assert.equal(certificatesFromWire(Buffer.alloc(0)), null);
    assert.equal(certificatesFromWire(Buffer.from('220 not tls at all\r\n')), null);
    // A handshake record announcing a Certificate message longer than what follows.
    const cut = Buffer.from([22, 3, 3, 0, 8, 11, 0, 0, 9, 0, 0, 5, 0]);
    assert.equal(certificatesFromWire(cut), null);
  });

  test('a TLS 1.2 certificate list that overruns its message', () => {
    // Certificate message (type 11, 7 bytes): list of 4 bytes holding one certificate said to be 9 bytes long.
    const message = Buffer.from([11, 0, 0, 7, 0, 0, 4, 0, 0, 9, 0x30]);
    const record = Buffer.concat([Buffer.from([22, 3, 3, 0, message.length]), message]);
    assert.equal(certificatesFromWire(record), null);
  });

  test('a well-formed TLS 1.2 message split over two records is read whole', () => {
    // Certificate (type 11, 11 bytes): a list of 8 bytes holding two 1-byte "certificates".
    const message = Buffer.from([11, 0, 0, 11, 0, 0, 8, 0, 0, 1, 0xaa, 0, 0, 1, 0xbb]);
    const record = (part: Buffer) => Buffer.concat([Buffer.from([22, 3, 3, 0, part.length]), part]);
    const read = certificatesFromWire(Buffer.concat([record(message.subarray(0, 6)), record(message.subarray(6))]));
    assert.deepEqual(read, [Buffer.from([0xaa]), Buffer.from([0xbb])]);
  });

  test('TLS 1.3 without the secret, with a wrong secret, or with a suite it does not know', () => {
    const encrypted = Buffer.concat([Buffer.from([23, 3, 3, 0, 40]), Buffer.alloc(40, 7)]);
    assert.equal(certificatesFromWire(encrypted), null);
    assert.equal(certificatesFromWire(encrypted, Buffer.alloc(32, 1)), null);
    // A TLS 1.3 ServerHello (supported_versions 0x0304) choosing TLS_AES_128_CCM_SHA256 (0x1304).
    const hello = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 9), Buffer.from([0, 0x13, 0x04, 0, 0, 6, 0, 43, 0, 2, 3, 4])]);
    const helloRecord = Buffer.concat([Buffer.from([22, 3, 3, 0, hello.length + 4, 2, 0, 0, hello.length]), hello]);
    assert.equal(certificatesFromWire(Buffer.concat([helloRecord, encrypted]), Buffer.alloc(32, 1)), null);
  });
});
