/**
 * The public roots reach OpenSSL's store only as chains need them (handshake.ts, wire-tap.ts): the
 * tap reads the certificates before OpenSSL does and the roots they name are added first. What
 * must hold: OpenSSL's verdict is the one it gives with every root in the store, for every TLS
 * version and chain shape; and the bytes held back are read correctly at every point of their
 * arrival (handshakeProgress).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { Duplex } from 'node:stream';
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { describe, test } from 'node:test';
import { connect, createSecureContext, createServer, rootCertificates, type SecureVersion, type TlsOptions } from 'node:tls';
import { handshakeContext, handshakeOptions, type HandshakeMode } from '../../src/tls/handshake.js';
import { createTrustStore } from '../../src/tls/trust-store.js';
import { handshakeProgress } from '../../src/tls/wire-chain.js';
import { HandshakeTap } from '../../src/tls/wire-tap.js';
import { derOf, pemText } from './pki.js';

/** Stands in for Node's bundled roots: a few of them, the test PKI's root and the rogue root. */
const PUBLIC = [...rootCertificates.slice(0, 3), pemText('root.pem'), pemText('rogue-root.pem'), ...rootCertificates.slice(3, 6)];

interface Verdict {
  authorized: boolean;
  error: string | null;
  protocol: string | null;
}

/** A TLS server sending exactly `sent` (PEM files, leaf first), closed after the test. */
async function serve(sent: string[], options: TlsOptions): Promise<{ port: number; close: () => void }> {
  const key = pemText(sent[0]!.replace(/\.(cert|chain)\.pem$/, '.key.pem'));
  const server = createServer({ key, cert: sent.map(pemText).join(''), ...options }, (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

async function connected(port: number): Promise<Socket> {
  const raw = netConnect({ host: '127.0.0.1', port });
  await once(raw, 'connect');
  return raw;
}

/** OpenSSL's verdict; with a tap, also the chain it reports (`wire`). */
async function verdictOf(socket: ReturnType<typeof connect>, tap?: HandshakeTap): Promise<Verdict & { wire?: Buffer[] | null }> {
  socket.on('error', () => undefined);
  await once(socket, 'secureConnect');
  const error = socket.authorizationError as unknown;
  const verdict = { authorized: socket.authorized, error: typeof error === 'string' ? error : null, protocol: socket.getProtocol() };
  const wire = tap?.certificates();
  socket.destroy();
  return wire === undefined ? verdict : { ...verdict, wire };
}

/** As the probe: a fresh store of PUBLIC roots (none given yet), the tap holding the chain back. */
async function onDemand(
  port: number,
  mode: HandshakeMode,
): Promise<{ verdict: Verdict; given: (readonly Buffer[] | null)[]; wire: Buffer[] | null | undefined }> {
  const { secureContext, beforeVerify } = handshakeContext(mode, createTrustStore([], { publicRoots: PUBLIC }));
  assert.ok(beforeVerify);
  const given: (readonly Buffer[] | null)[] = [];
  const tap = new HandshakeTap((sent) => {
    given.push(sent);
    beforeVerify(sent);
  });
  const socket = connect({ socket: tap.wrap(await connected(port)), ...handshakeOptions('mx.valid.test', mode), secureContext });
  tap.listen(socket);
  const { wire, ...verdict } = await verdictOf(socket, tap);
  return { verdict, given, wire };
}

/** The reference: every PUBLIC root in the store from the start, no tap. */
async function allUpFront(port: number, mode: HandshakeMode): Promise<Verdict> {
  const versions = handshakeOptions('mx.valid.test', mode);
  const secureContext = createSecureContext({
    minVersion: versions.minVersion,
    maxVersion: versions.maxVersion,
    ciphers: versions.ciphers,
    ca: PUBLIC,
  });
  return verdictOf(connect({ socket: await connected(port), ...versions, secureContext }));
}

const SESSIONS: [string, TlsOptions, HandshakeMode][] = [
  ['TLS 1.3', {}, 'modern'],
  ['TLS 1.3 ChaCha20-Poly1305', { ciphers: 'TLS_CHACHA20_POLY1305_SHA256' }, 'modern'],
  ['TLS 1.3 after HelloRetryRequest', { ecdhCurve: 'P-256' }, 'modern'],
  ['TLS 1.2', { maxVersion: 'TLSv1.2' as SecureVersion }, 'modern'],
  ['TLS 1.0 (legacy probe)', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, 'legacy'],
];

const CHAINS: [string, string[]][] = [
  ['leaf + intermediate', ['valid.cert.pem', 'intermediate.pem']],
  ['leaf + intermediate + root', ['valid.cert.pem', 'intermediate.pem', 'root.pem']],
  ['leaf only (incomplete)', ['incomplete.cert.pem']],
  ['self-signed', ['self-signed.chain.pem']],
  ['expired', ['expired.chain.pem']],
  ['under the rogue root', ['untrusted.chain.pem']],
];

describe('roots on demand: the verdict OpenSSL gives with every root in its store', () => {
  for (const [session, options, mode] of SESSIONS) {
    for (const [name, sent] of CHAINS) {
      test(`${session}: ${name}`, async () => {
        const server = await serve(sent, options);
        try {
          const { verdict, given, wire } = await onDemand(server.port, mode);
          assert.deepEqual(verdict, await allUpFront(server.port, mode));
          // Read ahead of OpenSSL, once (not the fallback that gives every root), and the chain the probe reports.
          const expected = sent.flatMap((file) =>
            pemText(file)
              .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g)!
              .map(derOf),
          );
          assert.deepEqual(given, [expected]);
          assert.deepEqual(wire, expected);
          if (name.startsWith('leaf + intermediate')) assert.equal(verdict.authorized, true, 'the root added on demand anchors the chain');
        } finally {
          server.close();
        }
      });
    }
  }
});

test('a flight that arrives a few bytes at a time is read ahead all the same', async () => {
  const sent = ['valid.cert.pem', 'intermediate.pem'];
  for (const [session, options] of [SESSIONS[0]!, SESSIONS[3]!]) {
    const server = await serve(sent, options);
    // Between client and server: what the server sends goes on in 7-byte writes, each its own segment.
    const dribbler = createNetServer((client) => {
      const upstream = netConnect({ host: '127.0.0.1', port: server.port });
      client.setNoDelay(true);
      client.on('data', (chunk) => upstream.write(chunk));
      let queue = Buffer.alloc(0);
      let pumping = false;
      let ended = false;
      const pump = (): void => {
        if (queue.length === 0 || client.destroyed) {
          pumping = false;
          if (ended) client.end();
          return;
        }
        pumping = true;
        const piece = queue.subarray(0, 7);
        queue = queue.subarray(7);
        client.write(piece, () => setImmediate(pump));
      };
      upstream.on('data', (chunk: Buffer) => {
        queue = Buffer.concat([queue, chunk]);
        if (!pumping) pump();
      });
      upstream.on('end', () => {
        ended = true;
        if (!pumping) pump();
      });
      client.on('close', () => upstream.destroy());
      for (const end of [client, upstream]) end.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => dribbler.listen(0, '127.0.0.1', resolve));
    try {
      const { verdict, given, wire } = await onDemand((dribbler.address() as AddressInfo).port, 'modern');
      assert.equal(verdict.authorized, true, session);
      assert.deepEqual(given, [sent.map((file) => derOf(pemText(file)))], session);
      assert.deepEqual(wire, given[0], session);
    } finally {
      dribbler.close();
      server.close();
    }
  }
});

test('a server that answers with an alert: the held bytes go to OpenSSL after every root is given', async () => {
  const server = await serve(['valid.cert.pem', 'intermediate.pem'], { minVersion: 'TLSv1.3' });
  try {
    const { secureContext, beforeVerify } = handshakeContext('legacy', createTrustStore([], { publicRoots: PUBLIC }));
    const given: (readonly Buffer[] | null)[] = [];
    const tap = new HandshakeTap((sent) => {
      given.push(sent);
      beforeVerify?.(sent);
    });
    const socket = connect({
      socket: tap.wrap(await connected(server.port)),
      ...handshakeOptions('mx.valid.test', 'legacy'),
      secureContext,
    });
    tap.listen(socket);
    const [error] = (await once(socket, 'error')) as [Error & { code?: string }];
    assert.match(error.code ?? '', /ALERT|PROTOCOL_VERSION/, 'OpenSSL saw the alert: nothing was held for good');
    assert.deepEqual(given, [null]);
  } finally {
    server.close();
  }
});

describe('the store gives a chain the roots it names, and all of them when it cannot tell', () => {
  const store = createTrustStore([], { publicRoots: PUBLIC });
  const der = (file: string) => derOf(pemText(file));

  test('leaf + intermediate: the root that issued the intermediate, nothing else', () => {
    assert.deepEqual(store.publicRootsFor([der('valid.cert.pem'), der('intermediate.pem')]), [pemText('root.pem')]);
  });

  test('a self-signed leaf names no public root', () => {
    assert.deepEqual(store.publicRootsFor([der('self-signed.chain.pem')]), []);
  });

  test('a certificate that does not decode, or no chain read: every root', () => {
    assert.deepEqual(store.publicRootsFor([Buffer.from('not a certificate')]), PUBLIC);
    assert.deepEqual(store.publicRootsFor(null), PUBLIC);
  });

  test('a root that is not self-issued brings its own issuer', () => {
    // The intermediate standing in as a "public root": its issuer, the test root, comes with it.
    const catalogue = createTrustStore([], { publicRoots: [pemText('intermediate.pem'), pemText('root.pem'), pemText('rogue-root.pem')] });
    assert.deepEqual(catalogue.publicRootsFor([der('valid.cert.pem')]), [pemText('intermediate.pem'), pemText('root.pem')]);
  });
});

/** The server's bytes of one handshake as they arrived, and the TLS 1.3 secret OpenSSL logged. */
async function capture(options: TlsOptions): Promise<{ received: Buffer; secret: Buffer | undefined; chain: Buffer[] }> {
  const sent = ['valid.cert.pem', 'intermediate.pem'];
  const server = await serve(sent, options);
  try {
    const raw = await connected(server.port);
    const chunks: Buffer[] = [];
    // A stream between the socket and TLS, as the tap is: TLS given the socket itself reads it natively.
    const between = new Duplex({
      read: () => void raw.resume(),
      write: (chunk: Buffer, _encoding, done) => void raw.write(chunk, () => done()),
    });
    raw.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      between.push(chunk);
    });
    let secret: Buffer | undefined;
    const socket = connect({
      socket: between,
      ...handshakeOptions('mx.valid.test', 'modern'),
      secureContext: handshakeContext('modern').secureContext,
    });
    socket.on('keylog', (line: Buffer) => {
      const [label, , hex] = line.toString('latin1').trim().split(' ');
      if (label === 'SERVER_HANDSHAKE_TRAFFIC_SECRET') secret = Buffer.from(hex!, 'hex');
    });
    await verdictOf(socket);
    raw.destroy();
    return { received: Buffer.concat(chunks), secret, chain: sent.map((file) => derOf(pemText(file))) };
  } finally {
    server.close();
  }
}

/** Where each record of `bytes` starts and ends. */
function recordsOf(bytes: Buffer): { type: number; start: number; end: number }[] {
  const found: { type: number; start: number; end: number }[] = [];
  for (let at = 0; at + 5 <= bytes.length; at += 5 + bytes.readUInt16BE(at + 3)) {
    found.push({ type: bytes[at]!, start: at, end: at + 5 + bytes.readUInt16BE(at + 3) });
  }
  return found;
}

describe('handshakeProgress: what the bytes so far allow', () => {
  test('TLS 1.2: hold everything until the Certificate message is whole, then its certificates', async () => {
    const { received, chain } = await capture({ maxVersion: 'TLSv1.2' });
    let first = -1;
    for (let n = 0; n <= received.length; n += 1) {
      const progress = handshakeProgress(received.subarray(0, n), undefined);
      if (progress.kind === 'certificates') {
        assert.deepEqual(progress.certificates, chain);
        if (first === -1) first = n;
      } else {
        assert.equal(first, -1, `certificates at ${first} bytes, then ${progress.kind} at ${n}`);
        assert.deepEqual(progress, { kind: 'waiting', release: 0 });
      }
    }
    assert.ok(first > 0 && recordsOf(received).some((record) => record.end === first), 'read as soon as the record completing it is in');
  });

  test('TLS 1.3: the clear ServerHello may go; with the secret the encrypted Certificate is read', async () => {
    const { received, secret, chain } = await capture({});
    assert.ok(secret);
    const encrypted = recordsOf(received).find((record) => record.type === 23);
    assert.ok(encrypted, 'TLS 1.3 encrypts the rest of the handshake');
    // Everything before the first encrypted record (ServerHello, ChangeCipherSpec), and nothing of it.
    assert.deepEqual(handshakeProgress(received, undefined), { kind: 'waiting', release: encrypted.start });
    let reads = 0;
    for (let n = 0; n <= received.length; n += 1) {
      const progress = handshakeProgress(received.subarray(0, n), secret);
      if (progress.kind === 'certificates') {
        assert.deepEqual(progress.certificates, chain);
        reads += 1;
      } else assert.equal(progress.kind, 'waiting', `at ${n} bytes`);
    }
    assert.ok(reads > 0);
    assert.equal(handshakeProgress(received, Buffer.alloc(secret.length, 1)).kind, 'unreadable', 'a wrong secret');
  });

  test('an alert, bytes that are not TLS, or a TLS 1.2 flight without a Certificate: unreadable', () => {
    assert.equal(handshakeProgress(Buffer.from([21, 3, 3, 0, 2, 2, 40]), undefined).kind, 'unreadable');
    assert.equal(handshakeProgress(Buffer.from('220 mx.example.com ESMTP\r\n'), undefined).kind, 'unreadable');
    // ServerHello (TLS 1.2, no extensions) then ServerHelloDone.
    const hello = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 9), Buffer.from([0, 0xc0, 0x2f, 0])]);
    const messages = Buffer.concat([Buffer.from([2, 0, 0, hello.length]), hello, Buffer.from([14, 0, 0, 0])]);
    const flight = Buffer.concat([Buffer.from([22, 3, 3, 0, messages.length]), messages]);
    assert.deepEqual(handshakeProgress(flight.subarray(0, 9 + hello.length), undefined), { kind: 'waiting', release: 0 });
    assert.equal(handshakeProgress(flight, undefined).kind, 'unreadable');
  });

  test('nothing yet, or half a record: wait, release nothing', () => {
    assert.deepEqual(handshakeProgress(Buffer.alloc(0), undefined), { kind: 'waiting', release: 0 });
    assert.deepEqual(handshakeProgress(Buffer.from([22, 3, 3, 0, 80, 2]), undefined), { kind: 'waiting', release: 0 });
  });
});

test('X509Certificate agrees the stand-in roots decode (the test would prove nothing otherwise)', () => {
  for (const pem of PUBLIC) assert.ok(new X509Certificate(pem).ca);
});
