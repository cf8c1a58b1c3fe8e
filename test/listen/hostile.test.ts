/** Hostile and garbage clients are sessions in the report, not crashes (a test per class). */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { judgeClients } from '../../src/listen/judge.js';
import { CUT_IN_HANDSHAKE } from '../../src/listen/recorder.js';
import { send, startTestListener, type Started } from './helpers.js';

async function dial(port: number): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  await once(socket, 'connect');
  return socket;
}

const banner = (socket: Socket) => new Promise<void>((resolve) => socket.once('data', () => resolve()));

/** Not a crash: after the hostile sessions, a real sender is still served and recorded, and every session is judged. */
async function stillServes(world: Started, hostile: number): Promise<void> {
  const [result] = await send(world.listener, 'plaintext');
  assert.equal(result!.responseCode, 550, result!.error);
  const sessions = await world.sessionsRecorded(hostile + 1);
  assert.equal(sessions.at(-1)!.client.ehlo, 'sender.test');
  const judged = judgeClients(sessions.slice(0, hostile), sessions[0]!.posture);
  assert.equal(
    judged.reduce((sum, client) => sum + client.sessions, 0),
    hostile,
    'every hostile session is in the report',
  );
}

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
      await stillServes(world, 1);
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
      assert.equal(judgeClients([session!], 'untrusted')[0]!.verdict, 'inconclusive');
      await stillServes(world, 1);
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
      await stillServes(world, 2);
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
      await stillServes(world, 1);
    } finally {
      await world.listener.close();
    }
  });

  test('silence in the middle of the handshake ends at the idle deadline, recorded as an unfinished handshake', async () => {
    const world = await startTestListener('wrong-name', { limits: { idleMs: 300 } });
    try {
      const socket = await dial(world.listener.port);
      await banner(socket);
      socket.write('EHLO stall.test\r\n');
      await banner(socket);
      socket.write('STARTTLS\r\n');
      await banner(socket);
      const [session] = await world.sessionsRecorded(1);
      assert.equal(session!.end, 'idle-timeout');
      assert.equal(session!.tlsError, CUT_IN_HANDSHAKE);
      assert.equal(session!.starttlsCompleted, false);
      socket.destroy();
      await stillServes(world, 1);
    } finally {
      await world.listener.close();
    }
  });
});
