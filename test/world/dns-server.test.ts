/**
 * The test-world DNS server, checked with raw dns-packet queries (not our resolver), so the
 * server stands on its own and the resolver's tests can trust it.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import { startDnsServer, type DnsServer } from '../../src/world/dns-server.js';
import type { DnsZone } from '../../src/world/dns-zone.js';
import { data, query, rcode, tcpOne, udpAll, udpOne, zone } from './dns-raw.js';

describe('test-world DNS server', () => {
  let server: DnsServer;
  before(async () => {
    server = await startDnsServer(zone);
  });
  after(async () => {
    await server.close();
  });

  test('answers A over UDP, echoing ID and the question as asked', async () => {
    const reply = await udpOne(server, query('ExAmPlE.CoM', 'A', { id: 777 }));
    assert.equal(reply.id, 777);
    assert.equal(reply.flag_qr, true);
    assert.equal(reply.flag_rd, true);
    assert.equal(rcode(reply), 'NOERROR');
    assert.deepEqual(reply.questions, [{ name: 'ExAmPlE.CoM', type: 'A', class: 'IN' }]);
    assert.deepEqual(reply.answers?.map(data), ['192.0.2.1']);
  });

  test('SERVFAIL, NXDOMAIN and NODATA', async () => {
    assert.equal(rcode(await udpOne(server, query('broken.example', 'MX'))), 'SERVFAIL');
    const nx = await udpOne(server, query('absent.example', 'A'));
    assert.equal(rcode(nx), 'NXDOMAIN');
    assert.equal(nx.answers?.length, 0);
    const nodata = await udpOne(server, query('txt.example', 'MX'));
    assert.equal(rcode(nodata), 'NOERROR');
    assert.equal(nodata.answers?.length, 0);
  });

  test('a silent name gets no answer at all', async () => {
    assert.deepEqual(await udpAll(server, query('quiet.example', 'A')), []);
  });

  test('CNAMEs are chased: the alias plus the target records', async () => {
    const reply = await udpOne(server, query('www.example.com', 'A'));
    assert.deepEqual(
      reply.answers?.map((a) => [a.name, a.type, data(a)]),
      [
        ['www.example.com', 'CNAME', 'example.com'],
        ['example.com', 'A', '192.0.2.1'],
      ],
    );
    const asked = await udpOne(server, query('www.example.com', 'CNAME'));
    assert.deepEqual(
      asked.answers?.map((a) => a.type),
      ['CNAME'],
    );
  });

  test('a CNAME loop comes back as the finite chain; a dangling one as NXDOMAIN; into SERVFAIL as SERVFAIL', async () => {
    const loop = await udpOne(server, query('loop1.example', 'MX'));
    assert.equal(rcode(loop), 'NOERROR');
    assert.deepEqual(loop.answers?.map(data), ['loop2.example', 'loop1.example']);
    const dangling = await udpOne(server, query('dangling.example', 'A'));
    assert.equal(rcode(dangling), 'NXDOMAIN');
    assert.deepEqual(dangling.answers?.map(data), ['nothing.example']);
    assert.equal(rcode(await udpOne(server, query('to-broken.example', 'A'))), 'SERVFAIL');
  });

  test('a null MX is encoded as the root name; TXT and AAAA come through', async () => {
    const reply = await udpOne(server, query('nullmx.example', 'MX'));
    assert.deepEqual(data(reply.answers?.[0]), { preference: 0, exchange: '.' });
    const txt = await udpOne(server, query('txt.example', 'TXT'));
    assert.deepEqual((data(txt.answers?.[0]) as Buffer[]).map(String), ['v=spf1 -all']);
    const v6 = await udpOne(server, query('v6.example', 'AAAA'));
    assert.equal(data(v6.answers?.[0]), '2001:db8::25');
  });

  test('over UDP an oversized answer is truncated (TC, no answers); TCP on the same port gives it all', async () => {
    const classic = await udpOne(server, query('big.example', 'MX'));
    assert.equal(classic.flag_tc, true);
    assert.equal(classic.answers?.length, 0);
    const edns = await udpOne(server, query('big.example', 'MX', { edns: 1232 }));
    assert.equal(edns.flag_tc, true, 'the set is larger than 1232 bytes too');
    const bigEdns = await udpOne(server, query('big.example', 'MX', { edns: 4096 }));
    assert.equal(bigEdns.flag_tc, false, 'a 4096-byte EDNS payload fits the whole set');
    assert.equal(bigEdns.answers?.length, 40);
    const tcp = await tcpOne(server, query('big.example', 'MX'));
    assert.equal(tcp.flag_tc, false);
    assert.equal(tcp.answers?.length, 40);
  });

  test('TCP frames split into single bytes are reassembled', async () => {
    const reply = await tcpOne(server, query('example.com', 'MX', { id: 9 }), true);
    assert.equal(reply.id, 9);
    assert.deepEqual(data(reply.answers?.[0]), { preference: 10, exchange: 'mx.example.com' });
  });

  test('malformed packets are ignored and not counted; the server keeps answering', async () => {
    const before = server.queries;
    assert.deepEqual(await udpAll(server, Buffer.from('not dns at all'), 80), []);
    assert.deepEqual(await udpAll(server, Buffer.alloc(0), 80), []);
    const response = dnsPacket.encode({ type: 'response', id: 1, questions: [{ name: 'example.com', type: 'A' }] });
    assert.deepEqual(await udpAll(server, response, 80), [], 'a response is not a query');
    assert.equal(server.queries, before);
    assert.equal(rcode(await udpOne(server, query('example.com', 'A'))), 'NOERROR');
    assert.equal(server.queries, before + 1);
  });
});

describe('test-world DNS server knobs', () => {
  test('wrongIdFirst sends a REFUSED reply under another ID before the right one', async () => {
    const server = await startDnsServer(zone, { wrongIdFirst: true });
    try {
      const replies = (await udpAll(server, query('example.com', 'A', { id: 100 }))).map((b) => dnsPacket.decode(b));
      assert.deepEqual(
        replies.map((r) => [r.id, rcode(r)]),
        [
          [101, 'REFUSED'],
          [100, 'NOERROR'],
        ],
      );
    } finally {
      await server.close();
    }
  });

  test('wrongQuestionFirst sends a reply for another name first; authenticated sets AD', async () => {
    const server = await startDnsServer(zone, { wrongQuestionFirst: true, authenticated: true });
    try {
      const replies = (await udpAll(server, query('example.com', 'A', { id: 5 }))).map((b) => dnsPacket.decode(b));
      assert.deepEqual(
        replies.map((r) => [r.id, r.questions?.[0]?.name, rcode(r)]),
        [
          [5, 'spoofed.example.com', 'REFUSED'],
          [5, 'example.com', 'NOERROR'],
        ],
      );
      assert.equal(replies[1]?.flag_ad, true);
    } finally {
      await server.close();
    }
  });

  test('delayMs holds the answer back', async () => {
    const server = await startDnsServer(zone, { delayMs: 400 });
    try {
      assert.deepEqual(await udpAll(server, query('example.com', 'A'), 50), [], 'nothing yet after 50 ms');
      assert.equal(rcode(await udpOne(server, query('example.com', 'A'))), 'NOERROR');
    } finally {
      await server.close();
    }
  });

  test('listens on ::1 when asked', async (t) => {
    let server: DnsServer;
    try {
      server = await startDnsServer(zone, { host: '::1' });
    } catch (err) {
      t.skip(`no IPv6 loopback here: ${(err as Error).message}`);
      return;
    }
    try {
      assert.equal(server.host, '::1');
      assert.equal(rcode(await udpOne(server, query('example.com', 'A'))), 'NOERROR');
      assert.equal((await tcpOne(server, query('example.com', 'A'))).answers?.length, 1);
    } finally {
      await server.close();
    }
  });

  test('an invalid zone record is refused at start with the record named', async () => {
    const started = (zone: DnsZone) => startDnsServer(zone).then((s) => s.close()); // no leak if it starts
    await assert.rejects(
      started({ records: [{ name: 'x.example', type: 'A', data: 'not-an-ip' }] }),
      /invalid zone record .*not-an-ip.*IPv4/,
    );
    await assert.rejects(started({ records: [{ name: 'x.example', type: 'AAAA', data: '192.0.2.1' }] }), /IPv6/);
    await assert.rejects(started({ records: [{ name: 'x..example', type: 'TXT', data: ['x'] }] }), /owner name/);
    const longLabel = `${'a'.repeat(64)}.example`;
    await assert.rejects(
      started({ records: [{ name: 'x.example', type: 'MX', data: { preference: 1, exchange: longLabel } }] }),
      /exchange/,
    );
  });

  test('close() frees the port for both protocols', async () => {
    const server = await startDnsServer(zone);
    await server.close();
    // Each bind fails with EADDRINUSE while the server still holds that protocol's socket.
    const udp = dgram.createSocket('udp4');
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(server.port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => udp.close(() => resolve()));
    const tcp = net.createServer();
    await new Promise<void>((resolve, reject) => {
      tcp.once('error', reject);
      tcp.listen(server.port, '127.0.0.1', resolve);
    });
    await new Promise<void>((resolve) => tcp.close(() => resolve()));
  });
});
