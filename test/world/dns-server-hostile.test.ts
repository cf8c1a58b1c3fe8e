/**
 * The test-world DNS server's hostile side: per-name behaviours from the zone, a resolver that
 * never answers, and random input that must never crash it (fast-check). Checked with raw
 * dns-packet queries, not our resolver.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import fc from 'fast-check';
import { startDnsServer, type DnsServer } from '../../src/world/dns-server.js';
import type { DnsZone } from '../../src/world/dns-zone.js';
import { FrameReader, frameMessage } from '../../src/dns/tcp-frame.js';
import { data, query, rcode, tcpOne, udpAll, udpOne, zone } from './dns-raw.js';

describe('test-world DNS server: per-name behaviours from the zone', () => {
  const hostile: DnsZone = {
    ...zone,
    behaviours: {
      'example.com': { truncate: true },
      'www.example.com': { wrongIdFirst: true, wrongQuestionFirst: true },
      'v6.example': { delayMs: 400 },
    },
  };
  let server: DnsServer;
  before(async () => {
    server = await startDnsServer(hostile);
  });
  after(() => server.close());

  test('truncate: over UDP, TC with the first record only, even for a tiny answer; over TCP the whole set', async () => {
    const zoneWithTwo: DnsZone = { ...hostile, records: [...hostile.records, { name: 'example.com', type: 'A', data: '192.0.2.2' }] };
    const two = await startDnsServer(zoneWithTwo);
    try {
      const udp = await udpOne(two, query('EXAMPLE.com', 'A', { edns: 4096 }));
      assert.equal(udp.flag_tc, true);
      assert.deepEqual(udp.answers?.map(data), ['192.0.2.1']);
      const tcp = await tcpOne(two, query('example.com', 'A'));
      assert.equal(tcp.flag_tc, false);
      assert.deepEqual(tcp.answers?.map(data), ['192.0.2.1', '192.0.2.2']);
      assert.equal(two.queriesFor('Example.Com.'), 2);
    } finally {
      await two.close();
    }
  });

  test('the behaviour belongs to the asked name only: a CNAME into it, and other names, are answered plainly', async () => {
    const viaAlias = await udpAll(server, query('www.example.com', 'MX', { id: 40 }));
    // www.example.com itself has the spoofing behaviour...
    assert.deepEqual(
      viaAlias.map((b) => dnsPacket.decode(b)).map((r) => [r.id, r.questions?.[0]?.name, rcode(r)]),
      [
        [41, 'www.example.com', 'REFUSED'],
        [40, 'spoofed.www.example.com', 'REFUSED'],
        [40, 'www.example.com', 'NOERROR'],
      ],
    );
    // ...but the truncation of example.com does not apply to it, nor to anything else.
    assert.equal(dnsPacket.decode(viaAlias[2]!).flag_tc, false);
    const plain = await udpOne(server, query('txt.example', 'TXT'));
    assert.equal(plain.flag_tc, false);
    assert.equal(plain.answers?.length, 1);
  });

  test('delayMs per name holds back that name only', async () => {
    assert.deepEqual(await udpAll(server, query('v6.example', 'AAAA'), 80), [], 'nothing yet after 80 ms');
    assert.equal((await udpAll(server, query('nullmx.example', 'MX'), 80)).length, 1);
  });

  test('queriesFor counts each asked name, case-insensitively', async () => {
    const before = server.queriesFor('txt.example');
    await udpOne(server, query('TXT.example.', 'TXT'));
    await tcpOne(server, query('txt.example', 'MX'));
    assert.equal(server.queriesFor('txt.example'), before + 2);
    assert.equal(server.queriesFor('never-asked.example'), 0);
  });

  test('a broken behaviour is refused at start, naming the name', async () => {
    const started = (z: DnsZone) => startDnsServer(z).then((s) => s.close());
    await assert.rejects(started({ records: [], behaviours: { 'a..example': { truncate: true } } }), /a\.\.example.*bad name/);
    await assert.rejects(started({ records: [], behaviours: { 'a.example': { delayMs: -1 } } }), /delayMs/);
    const unknown = { 'a.example': { tc: true } } as unknown as DnsZone['behaviours'];
    await assert.rejects(started({ records: [], behaviours: unknown }), /unknown field tc/);
  });
});

test('silent: true makes a dead resolver: every query counted, none answered, over UDP or TCP', async () => {
  const server = await startDnsServer(zone, { silent: true });
  try {
    assert.deepEqual(await udpAll(server, query('example.com', 'A'), 80), []);
    const socket = net.connect({ host: server.host, port: server.port });
    const got: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => got.push(chunk));
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(frameMessage(query('example.com', 'MX')));
    await new Promise((r) => setTimeout(r, 80));
    socket.destroy();
    assert.deepEqual(got, []);
    assert.equal(server.queries, 2);
    assert.equal(server.queriesFor('example.com'), 2);
  } finally {
    await server.close();
  }
});

describe('test-world DNS server under random input (fast-check)', () => {
  // Anything an attacker can put in a datagram: pure noise, a valid query with bytes changed or
  // cut, and a plausible header (one question, QR clear) followed by noise.
  const valid = query('www.example.com', 'MX', { edns: 1232 });
  const mutated = fc
    .tuple(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(valid.length))
    .map(([edits, cut]) => {
      const bytes = Buffer.from(valid);
      for (const [at, value] of edits) bytes[at] = value;
      return bytes.subarray(0, Math.max(cut, 12));
    });
  const headerThenNoise = fc
    .uint8Array({ maxLength: 300 })
    .map((noise) => Buffer.concat([Buffer.from([0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]), noise]));
  const datagram = fc.oneof(
    fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
    mutated,
    headerThenNoise,
  );
  const hostile: DnsZone = { ...zone, behaviours: { 'www.example.com': { wrongIdFirst: true, wrongQuestionFirst: true, truncate: true } } };

  let server: DnsServer;
  before(async () => {
    server = await startDnsServer(hostile);
  });
  after(() => server.close());

  /** Sends the datagrams, then a real query; resolves with the real answer (or null after 1 s). */
  async function afterNoise(datagrams: Buffer[], id: number): Promise<DecodedPacket | null> {
    const socket = dgram.createSocket('udp4');
    try {
      const answer = new Promise<DecodedPacket | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 1_000);
        socket.on('message', (message) => {
          try {
            const reply = dnsPacket.decode(message);
            if (reply.id === id && reply.flag_qr && reply.questions?.[0]?.name === 'example.com') {
              clearTimeout(timer);
              resolve(reply);
            }
          } catch {
            // an answer to one of the noisy datagrams: not ours to judge here
          }
        });
      });
      for (const bytes of datagrams) socket.send(bytes, server.port, server.host);
      socket.send(query('example.com', 'A', { id }), server.port, server.host);
      return await answer;
    } finally {
      socket.close();
    }
  }

  test('random datagrams never stop it answering a valid query', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datagram, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 0xffff }), async (datagrams, id) => {
        const reply = await afterNoise(datagrams, id);
        assert.ok(reply, 'the valid query was answered');
        assert.deepEqual(reply.answers?.map(data), ['192.0.2.1']);
      }),
      { numRuns: 60 },
    );
  });

  test('random frames on a TCP connection do not stop it answering a valid query on that connection', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(datagram, { maxLength: 10 }), async (frames) => {
        const socket = net.connect({ host: server.host, port: server.port });
        const reader = new FrameReader();
        try {
          const answer = new Promise<DecodedPacket>((resolve, reject) => {
            socket.on('data', (chunk: Buffer) => {
              for (const message of reader.push(chunk)) {
                const reply = dnsPacket.decode(message);
                if (reply.id === 4321 && reply.questions?.[0]?.name === 'example.com') resolve(reply);
              }
            });
            socket.on('error', reject);
            socket.on('close', () => reject(new Error('closed by the server')));
          });
          for (const frame of frames) socket.write(frameMessage(frame));
          socket.write(frameMessage(query('example.com', 'A', { id: 4321 })));
          assert.deepEqual((await answer).answers?.map(data), ['192.0.2.1']);
        } finally {
          socket.destroy();
        }
      }),
      { numRuns: 40 },
    );
  });
});
