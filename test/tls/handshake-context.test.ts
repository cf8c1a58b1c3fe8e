import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import { connect, createServer, type SecureContextOptions, type Server, type TLSSocket } from 'node:tls';
import { handshakeContext, handshakeOptions, type HandshakeMode } from '../../src/tls/handshake.js';
import { leaf } from './pki.js';

async function serve(options: SecureContextOptions): Promise<{ server: Server; port: number }> {
  const server = createServer(options, (s) => {
    s.on('error', () => undefined);
    s.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => server.close());
  return { server, port: (server.address() as AddressInfo).port };
}

/** A handshake exactly as the probe makes it: its options plus the shared context. */
async function handshake(port: number, mode: HandshakeMode): Promise<{ protocol: string | null; reused: boolean } | Error> {
  const socket: TLSSocket = connect({
    host: '127.0.0.1',
    port,
    ...handshakeOptions('mx.valid.test', mode),
    secureContext: handshakeContext(mode).secureContext,
  });
  try {
    await Promise.race([once(socket, 'secureConnect'), once(socket, 'error').then(([error]) => Promise.reject(error))]);
    return { protocol: socket.getProtocol(), reused: socket.isSessionReused() };
  } catch (error) {
    return error as Error;
  } finally {
    socket.destroy();
  }
}

describe('handshakeContext: one client context per mode, shared by every handshake', () => {
  test('the same object per mode, another one per other mode', () => {
    assert.equal(handshakeContext('modern').secureContext, handshakeContext('modern').secureContext);
    assert.equal(handshakeContext('legacy').secureContext, handshakeContext('legacy').secureContext);
    assert.notEqual(handshakeContext('modern').secureContext, handshakeContext('legacy').secureContext);
  });

  test('modern: TLS 1.3, and a second handshake is a full one (no session resumed)', async () => {
    const { port } = await serve(leaf('valid'));
    const first = await handshake(port, 'modern');
    const second = await handshake(port, 'modern');
    assert.deepEqual(first, { protocol: 'TLSv1.3', reused: false });
    assert.deepEqual(second, { protocol: 'TLSv1.3', reused: false });
  });

  test('the versions live in the context: modern refuses a TLS 1.0 server, legacy speaks to it', async () => {
    const { port } = await serve(leaf('tls10', { minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }));
    const modern = await handshake(port, 'modern');
    assert.ok(modern instanceof Error, 'a TLS 1.2+ client must not negotiate TLS 1.0');
    assert.deepEqual(await handshake(port, 'legacy'), { protocol: 'TLSv1', reused: false });
  });

  test('legacy refuses a TLS 1.2+ server', async () => {
    const { port } = await serve(leaf('valid', { minVersion: 'TLSv1.2' }));
    assert.ok((await handshake(port, 'legacy')) instanceof Error);
  });
});
