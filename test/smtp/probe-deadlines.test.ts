/**
 * Deadlines (absolute per phase and per probe) and aborts. Each test has a hard test timeout:
 * an idle-style deadline would never fire against the drip servers and the test would fail.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ProbeObservation } from '../../src/model/observation.js';
import { probeAddress } from '../../src/smtp/probe.js';
import { EHLO_STARTTLS, serverPool, timeouts, type Script, type TestServer } from './helpers.js';

const serve = serverPool();

function probe(server: TestServer, phaseMs: number, hostMs = 10_000, signal?: AbortSignal): Promise<ProbeObservation> {
  return probeAddress(
    { address: '127.0.0.1', family: 4, host: 'mx.valid.test', port: server.port },
    { helo: 'probe.tlscheck.test', timeouts: timeouts(phaseMs, hostMs), signal },
  );
}

/** Sends `text` one byte every `everyMs` until the connection closes; counts the bytes sent. */
function drip(text: string, everyMs: number, counter: { sent: number }): Script {
  return async (conn) => {
    let i = 0;
    const timer = setInterval(() => {
      conn.send(text.charAt(i % text.length));
      counter.sent += 1;
      i += 1;
    }, everyMs);
    await conn.closed;
    clearInterval(timer);
  };
}

const HARD = { timeout: 5000 };

describe('probeAddress: deadlines', () => {
  test('a silent server: banner timeout naming the phase and the time', HARD, async () => {
    const server = await serve((conn) => conn.closed);
    const obs = await probe(server, 200);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'timeout']);
    assert.match(obs.failure?.message ?? '', /banner: no answer within the 200 ms phase deadline/);
    assert.equal(obs.banner, null);
  });

  test('a server dripping a byte at a time still times out (absolute, not idle)', HARD, async () => {
    const counter = { sent: 0 };
    // Continuation lines forever, one byte every 10 ms: an idle timeout of 300 ms would never fire.
    const server = await serve(drip('220-still talking\r\n', 10, counter));
    const obs = await probe(server, 300);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'timeout']);
    assert.ok(counter.sent >= 3, `bytes kept arriving during the phase (${counter.sent})`);
  });

  test('a drip inside a later phase times out in that phase', HARD, async () => {
    const counter = { sent: 0 };
    const server = await serve(async (conn) => {
      conn.send('220 mx.test\r\n');
      await conn.command();
      await drip('250-mx.test\r\n', 10, counter)(conn);
    });
    const obs = await probe(server, 300);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['ehlo', 'timeout']);
    assert.equal(obs.banner?.code, 220);
  });

  test('the whole-probe deadline cuts a phase short', HARD, async () => {
    const server = await serve((conn) => conn.closed);
    const obs = await probe(server, 60_000, 250);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'timeout']);
    assert.match(obs.failure?.message ?? '', /whole-probe deadline of 250 ms/);
  });

  test('the whole-probe deadline spans phases: each reply in time, the sum not', HARD, async () => {
    // Every reply takes 150 ms: within the 400 ms phase deadline, but 4 of them pass 500 ms.
    const slow = (text: string) => new Promise<string>((resolve) => setTimeout(() => resolve(text), 150));
    const server = await serve(async (conn) => {
      conn.send(await slow('220 mx.test\r\n'));
      await conn.command();
      conn.send(await slow(EHLO_STARTTLS));
      await conn.command();
      conn.send(await slow('220 go ahead\r\n'));
      await conn.closed; // never handshakes
    });
    const obs = await probe(server, 400, 500);
    assert.equal(obs.failure?.reason, 'timeout');
    assert.match(obs.failure?.message ?? '', /whole-probe deadline of 500 ms/);
  });

  test('aborting the signal ends the probe with a timeout failure', HARD, async () => {
    const server = await serve((conn) => conn.closed);
    const controller = new AbortController();
    setTimeout(() => controller.abort('shutting down'), 100);
    const obs = await probe(server, 60_000, 60_000, controller.signal);
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['banner', 'timeout']);
    assert.match(obs.failure?.message ?? '', /aborted \(shutting down\)/);
  });

  test('an already aborted signal never connects', HARD, async () => {
    const server = await serve((conn) => conn.closed);
    const obs = await probe(server, 1000, 1000, AbortSignal.abort('early'));
    assert.deepEqual([obs.failure?.phase, obs.failure?.reason], ['connect', 'timeout']);
    assert.equal(server.connections, 0);
  });
});
