import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { connect, createServer, type PeerCertificate } from 'node:tls';
import { handshakeOptions, sentChain } from '../../src/tls/handshake.js';
import { derOf, pemText } from './pki.js';

test('modern handshake: TLS 1.2 or newer, SNI = the MX host, chain observed not enforced', () => {
  const { checkServerIdentity, ...options } = handshakeOptions('mx.example.com', 'modern');
  assert.deepEqual(options, {
    rejectUnauthorized: false,
    servername: 'mx.example.com',
    minVersion: 'TLSv1.2',
  });
  // OpenSSL's verdict (authorized) is about the chain alone: names are matched by names.ts.
  assert.equal(checkServerIdentity?.('mx.example.com', {} as PeerCertificate), undefined);
});

test('no SNI for IP literals (RFC 6066 §3)', () => {
  assert.equal('servername' in handshakeOptions('192.0.2.1', 'modern'), false);
  assert.equal('servername' in handshakeOptions('2001:db8::1', 'legacy'), false);
});

test('legacy handshake: TLS 1.0/1.1 only, at security level 0', () => {
  const { checkServerIdentity: _ignored, ...options } = handshakeOptions('mx.example.com', 'legacy');
  assert.deepEqual(options, {
    rejectUnauthorized: false,
    servername: 'mx.example.com',
    minVersion: 'TLSv1',
    maxVersion: 'TLSv1.1',
    ciphers: 'DEFAULT@SECLEVEL=0',
  });
});

describe('sentChain: the certificates as sent, never completed or pruned', () => {
  const cases: [string, string[], string[]][] = [
    ['leaf only', ['incomplete.cert.pem'], ['incomplete.cert.pem']],
    ['leaf + intermediate', ['valid.cert.pem', 'intermediate.pem'], ['valid.cert.pem', 'intermediate.pem']],
    // Node's getPeerCertificate(true) would drop the unrelated certificate and append the root.
    [
      'leaf + unrelated + intermediate',
      ['valid.cert.pem', 'rogue-root.pem', 'intermediate.pem'],
      ['valid.cert.pem', 'rogue-root.pem', 'intermediate.pem'],
    ],
  ];
  for (const [name, sent, expected] of cases) {
    test(`${name}, with the root in the client's store`, async () => {
      const server = createServer(
        { key: pemText(`${sent[0]?.replace('.cert.pem', '')}.key.pem`), cert: sent.map(pemText).join('') },
        (s) => {
          s.on('error', () => undefined);
          s.end();
        },
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const socket = connect({ host: '127.0.0.1', port, ca: [pemText('root.pem')], ...handshakeOptions('mx.valid.test', 'modern') });
      socket.on('error', () => undefined);
      await once(socket, 'secureConnect');
      const { chain, length } = sentChain(socket);
      socket.destroy();
      server.close();
      assert.deepEqual(
        chain,
        expected.map((file) => derOf(pemText(file))),
      );
      assert.equal(length, expected.length);
    });
  }
});
