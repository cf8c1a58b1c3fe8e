/** Hostile and garbage clients are sessions in the report, not crashes (a test per class). */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { judgeClients } from '../../src/listen/judge.js';
import { startTestListener } from './helpers.js';

async function dial(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return socket;
}

const banner = (socket: Socket) => new Promise<void>((resolve) => socket.once('data', () => resolve()));

describe('hostile clients', () => {
  test('garbage and escape sequences: recorded, EHLO kept as sent, the listener goes on', async () => {
    const world = await startTestListener('no-starttls');
    try {
      const socket = await dial(world.listener.port);
      await banner(socket);
      socket.write('\x00\xff\x1b[2J garbage\r\nEHLO evil\x1b]0;owned\x07.test\r\nMAIL FROM:<\x1b[31mx@y>\r\nQUIT\r\n');
      const [session] = await world.sessionsRecorded(1);
      assert.equal(session!.client.ehlo, 'evil\x1b]0;owned\x07.test');
      assert.equal(session!.plaintextMailFrom, true);
      assert.equal(judgeClients([session!], 'no-starttls')[0]!.verdict, 'not-enforced');
    } finally {
      await world.listener.close();
    }
  });

  test('a 1 MB line ends the session as line-too-long', async () => {
    const world = await startTestListener('untrusted');
    try {
      const socket = await dial(world.listener.port);
      await banner(socket);
      socket.write(`EHLO ${'a'.repeat(1024 * 1024)}\r\n`);
      const [session] = await world.sessionsRecorded(1);
      assert.equal(session!.end, 'line-too-long');
      assert.equal(session!.client.ehlo, null);
    } finally {
      await world.listener.close();
    }
  });

  test('silence ends at the idle deadline; too many commands end the session', async () => {
    const world = await startTestListener('no-starttls', { limits: { idleMs: 300, maxCommands: 5 } });
    try {
      await dial(world.listener.port);
      const chatty = await dial(world.listener.port);
      await banner(chatty);
      chatty.write('NOOP\r\n'.repeat(10));
      const sessions = await world.sessionsRecorded(2);
      assert.deepEqual(sessions.map((s) => s.end).sort(), ['idle-timeout', 'too-many-commands']);
    } finally {
      await world.listener.close();
    }
  });

  test('a disconnect in the middle of the handshake is a failed TLS attempt, not a crash', async () => {
    const world = await startTestListener('untrusted');
    try {
      const socket = await dial(world.listener.port);
      await banner(socket);
      socket.write('EHLO half.test\r\n');
      await banner(socket);
      socket.write('STARTTLS\r\n');
      await banner(socket);
      socket.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40, 0x01])); // the start of a ClientHello
      socket.destroy();
      const [session] = await world.sessionsRecorded(1);
      assert.equal(session!.starttlsAttempted, true);
      assert.equal(session!.starttlsCompleted, false);
      assert.equal(session!.end, 'tls-failed');
      assert.ok(session!.tlsError);
    } finally {
      await world.listener.close();
    }
  });
});
