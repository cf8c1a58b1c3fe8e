/** `tlscheck listen` as a user runs it: the binary, a real sender, the gate's exit code, the formats. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { Listener } from '../../src/listen/listener.js';
import { send, type SenderMode } from '../listen/helpers.js';
import { start, tlscheck } from './helpers.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function listenAndSend(args: string[], mode: SenderMode) {
  const port = await freePort();
  const child = start(['listen', '--address', '127.0.0.1', '--port', String(port), '--sessions', '1', '--name', 'mx.listen.test', ...args]);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  while (!stderr.includes('Waiting for senders')) await new Promise((resolve) => setTimeout(resolve, 50));
  await send({ address: '127.0.0.1', port } as Listener, mode);
  const [code] = (await once(child, 'exit')) as [number];
  return { code, stdout, stderr };
}

describe('tlscheck listen', () => {
  test('--expect enforced passes (0) for a sender that gives up without STARTTLS; ndjson lines', async () => {
    const run = await listenAndSend(['--posture', 'no-starttls', '--format', 'ndjson', '--expect', 'enforced'], 'require-no-verify');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((line) => line.type),
      ['session', 'client'],
    );
    assert.equal(lines[0]!.starttlsAttempted, true);
    assert.equal(lines[1]!.verdict, 'enforced');
  });

  test('--expect enforced fails (1) for a plaintext sender; the table names the verdict', async () => {
    const run = await listenAndSend(['--posture', 'no-starttls', '--expect', 'enforced'], 'opportunistic-no-verify');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /MAIL FROM <sender@sender.test> in PLAINTEXT/);
    assert.match(run.stdout, /not-enforced +127\.0\.0\.1 \(1 session\): sent MAIL FROM in plaintext/);
  });

  test('--format json: one document with schemaVersion 1', async () => {
    const run = await listenAndSend(['--posture', 'untrusted', '--format', 'json'], 'require-verify');
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as {
      schemaVersion: number;
      listen: { posture: string; sessions: unknown[]; clients: { verdict: string }[] };
    };
    assert.equal(document.schemaVersion, 1);
    assert.equal(document.listen.posture, 'untrusted');
    assert.equal(document.listen.sessions.length, 1);
    assert.equal(document.listen.clients[0]!.verdict, 'enforced');
  });

  test('a port in use: a clear message and the ways around it (exit 2)', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const run = await tlscheck(['listen', '--posture', 'no-starttls', '--address', '127.0.0.1', '--port', String(port)]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /it is in use.*--port 2525/s);
    } finally {
      server.close();
    }
  });

  test('usage: an unknown posture, csv format, and valid without a certificate exit 2', async () => {
    assert.equal((await tlscheck(['listen', '--posture', 'open-relay'])).code, 2);
    assert.equal((await tlscheck(['listen', '--posture', 'untrusted', '--format', 'csv'])).code, 2);
    assert.match((await tlscheck(['listen', '--posture', 'valid'])).stderr, /needs --cert/);
  });
});
