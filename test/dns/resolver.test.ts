/**
 * Our stub resolver against the test-world DNS server (and a few hand-made hostile servers),
 * all on loopback with short deadlines.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';
import { resolveMailHosts } from '../../src/dns/mail-hosts.js';
import { createResolver, type DnsResult, type Resolver } from '../../src/dns/resolver.js';
import { startDnsServer, type DnsServer, type DnsServerOptions } from '../../src/world/dns-server.js';
import type { DnsZone } from '../../src/world/dns-zone.js';
import { KeyedLimiter } from '../../src/run/limiter.js';
import { zone } from '../world/dns-raw.js';

const servers: DnsServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function world(opts: DnsServerOptions = {}, z: DnsZone = zone): Promise<DnsServer> {
  const server = await startDnsServer(z, opts);
  servers.push(server);
  return server;
}

function resolverFor(list: DnsServer[], attempts = 1, timeoutMs = 300): Resolver {
  return createResolver({ servers: list.map((s) => ({ host: s.host, port: s.port })), timeoutMs, attempts });
}

function ok(result: DnsResult): Extract<DnsResult, { status: 'ok' }> {
  assert.equal(result.status, 'ok', JSON.stringify(result));
  return result as Extract<DnsResult, { status: 'ok' }>;
}

const data = (a: Answer): unknown => (a as { data?: unknown }).data;

describe('resolver against the test-world server', () => {
  test('A and MX answers', async () => {
    const resolver = resolverFor([await world()]);
    const a = ok(await resolver.query('example.com', 'A'));
    assert.equal(a.rcode, 'NOERROR');
    assert.equal(a.authenticated, false);
    assert.deepEqual(a.answers.map(data), ['192.0.2.1']);
    const mx = ok(await resolver.query('EXAMPLE.com.', 'MX'));
    assert.deepEqual(mx.answers.map(data), [{ preference: 10, exchange: 'mx.example.com' }]);
    const cname = ok(await resolver.query('www.example.com', 'A'));
    assert.deepEqual(
      cname.answers.map((x) => x.type),
      ['CNAME', 'A'],
    );
  });

  test('NXDOMAIN and SERVFAIL are answers, with their rcode', async () => {
    const resolver = resolverFor([await world()]);
    const nx = ok(await resolver.query('absent.example', 'A'));
    assert.equal(nx.rcode, 'NXDOMAIN');
    assert.deepEqual(nx.answers, []);
    assert.equal(ok(await resolver.query('broken.example', 'MX')).rcode, 'SERVFAIL');
  });

  test('a silent server -> timeout after the attempts, each one a real query', async () => {
    const server = await world();
    const resolver = resolverFor([server], 2, 100);
    const result = await resolver.query('quiet.example', 'A');
    assert.equal(result.status, 'timeout');
    assert.match((result as { message: string }).message, /quiet\.example.*2 attempts of 100 ms/);
    assert.equal(server.queries, 2);
  });

  test('a truncated UDP answer is retried over TCP and comes back whole', async () => {
    const server = await world();
    const result = ok(await resolverFor([server]).query('big.example', 'MX'));
    assert.equal(result.answers.length, 40);
    assert.equal(server.queries, 2, 'one UDP query, one TCP query');
  });

  test('a reply under a wrong ID, or for another question, is ignored and the right one accepted', async () => {
    for (const opts of [{ wrongIdFirst: true }, { wrongQuestionFirst: true }]) {
      const result = ok(await resolverFor([await world(opts)]).query('example.com', 'A'));
      assert.equal(result.rcode, 'NOERROR', `${JSON.stringify(opts)}: the spoofed REFUSED was not believed`);
      assert.deepEqual(result.answers.map(data), ['192.0.2.1']);
    }
  });

  test('the AD bit is reported', async () => {
    assert.equal(ok(await resolverFor([await world({ authenticated: true })]).query('example.com', 'A')).authenticated, true);
  });

  test('the cache shares one query between concurrent and later identical questions', async () => {
    const server = await world({ delayMs: 50 });
    const resolver = resolverFor([server]);
    const [first, second] = await Promise.all([resolver.query('example.com', 'A'), resolver.query('Example.COM.', 'A')]);
    assert.equal(first, second);
    assert.equal(await resolver.query('example.com', 'A'), first);
    assert.equal(server.queries, 1);
    await resolver.query('example.com', 'MX');
    assert.equal(server.queries, 2, 'another type is another question');
  });

  test('SERVFAIL from one server -> the next server answers', async () => {
    const failing = await world({}, { ...zone, servfail: ['example.com'] });
    const good = await world();
    const result = ok(await resolverFor([failing, good], 3).query('example.com', 'A'));
    assert.equal(result.rcode, 'NOERROR');
    assert.equal(failing.queries, 1, 'a server that said SERVFAIL is not asked again');
    assert.equal(good.queries, 1);
  });

  test('SERVFAIL from every server is returned, not a timeout', async () => {
    const one = await world();
    const two = await world();
    const result = ok(await resolverFor([one, two], 5).query('broken.example', 'A'));
    assert.equal(result.rcode, 'SERVFAIL');
    assert.equal(one.queries + two.queries, 2);
  });

  test('attempts rotate over the servers: a silent first server, then the second answers', async () => {
    const silent = await world({}, { ...zone, silent: ['example.com'] });
    const good = await world();
    const result = ok(await resolverFor([silent, good], 2, 100).query('example.com', 'A'));
    assert.deepEqual(result.answers.map(data), ['192.0.2.1']);
    assert.equal(silent.queries, 1);
  });

  test('activity: per server, the attempts that got a reply (any rcode, TCP included) and those that ended without one', async () => {
    const silent = await world({}, { ...zone, silent: ['example.com'] });
    const good = await world();
    const resolver = resolverFor([silent, good], 2, 100);
    assert.deepEqual(
      resolver.activity().map((a) => [a.answered, a.unanswered]),
      [
        [0, 0],
        [0, 0],
      ],
    );
    ok(await resolver.query('example.com', 'A'));
    ok(await resolver.query('broken.example', 'MX')); // SERVFAIL from both, in turn: answers
    ok(await resolver.query('big.example', 'MX')); // silent: truncated over UDP, whole over TCP
    assert.deepEqual(resolver.activity(), [
      { server: `127.0.0.1:${silent.port}`, answered: 2, unanswered: 1 },
      { server: `127.0.0.1:${good.port}`, answered: 2, unanswered: 0 },
    ]);
  });

  test('activity of a server that never answers: only attempts that ended count, none in flight', async () => {
    const server = await world({}, { ...zone, silent: ['example.com'] });
    const resolver = resolverFor([server], 2, 100);
    const pending = resolver.query('example.com', 'A');
    assert.deepEqual(resolver.activity(), [{ server: `127.0.0.1:${server.port}`, answered: 0, unanswered: 0 }]);
    assert.equal((await pending).status, 'timeout');
    assert.deepEqual(resolver.activity(), [{ server: `127.0.0.1:${server.port}`, answered: 0, unanswered: 2 }]);
  });

  test('createResolver refuses a configuration that cannot work (our bug, so it throws)', () => {
    assert.throws(() => createResolver({ servers: [], timeoutMs: 100, attempts: 1 }), /no DNS servers/);
    assert.throws(() => createResolver({ servers: [{ host: '127.0.0.1', port: 53 }], timeoutMs: 100, attempts: 0 }), /attempts/);
  });
});

/** A UDP "server" that hands each query to `respond`, which sends whatever it likes. */
async function handMadeServer(respond: (query: DecodedPacket, send: (b: Buffer, from?: dgram.Socket) => void) => void) {
  const socket = dgram.createSocket('udp4');
  const other = dgram.createSocket('udp4');
  await Promise.all([new Promise<void>((r) => socket.bind(0, '127.0.0.1', r)), new Promise<void>((r) => other.bind(0, '127.0.0.1', r))]);
  socket.on('message', (msg, rinfo) => {
    const query = dnsPacket.decode(msg);
    respond(query, (b, from = socket) => from.send(b, rinfo.port, rinfo.address));
  });
  return {
    address: { host: '127.0.0.1', port: socket.address().port },
    other,
    close: () => Promise.all([new Promise<void>((r) => socket.close(r)), new Promise<void>((r) => other.close(r))]),
  };
}

function answerTo(query: DecodedPacket): Buffer {
  return dnsPacket.encode({
    type: 'response',
    id: query.id,
    questions: query.questions,
    answers: [{ name: 'example.com', type: 'A', ttl: 1, data: '192.0.2.7' }],
  });
}

describe('resolver against hostile servers', () => {
  test('garbage datagrams before the real answer are ignored', async () => {
    const server = await handMadeServer((query, send) => {
      send(Buffer.from('garbage'));
      send(Buffer.alloc(0));
      send(Buffer.alloc(12, 0xff));
      send(answerTo(query));
    });
    try {
      const resolver = createResolver({ servers: [server.address], timeoutMs: 300, attempts: 1 });
      assert.deepEqual(ok(await resolver.query('example.com', 'A')).answers.map(data), ['192.0.2.7']);
    } finally {
      await server.close();
    }
  });

  test('queries in flight together share sockets: 150 at once (more than one socket takes), answered in reverse order, each gets its own answer', async () => {
    const held: Array<() => void> = [];
    const server = await handMadeServer((query, send) => {
      const name = query.questions![0]!.name;
      const n = Number(/^h(\d+)\./i.exec(name)![1]);
      const reply = dnsPacket.encode({
        type: 'response',
        id: query.id,
        questions: query.questions,
        answers: [{ name, type: 'A', ttl: 1, data: `10.0.${n >> 8}.${n & 255}` }],
      });
      held.push(() => send(reply));
      // Every query held until the last arrives, then all answered, the last asked first.
      if (held.length === 150) for (const answer of held.reverse()) answer();
    });
    try {
      const resolver = createResolver({ servers: [server.address], timeoutMs: 2_000, attempts: 1 });
      const results = await Promise.all(Array.from({ length: 150 }, (_, n) => resolver.query(`h${n}.example`, 'A')));
      results.forEach((result, n) => assert.deepEqual(ok(result).answers.map(data), [`10.0.${n >> 8}.${n & 255}`]));
    } finally {
      await server.close();
    }
  });

  test('a correct-looking answer from another port is not believed', async () => {
    const server = await handMadeServer((query, send) => send(answerTo(query), server.other));
    try {
      const resolver = createResolver({ servers: [server.address], timeoutMs: 100, attempts: 1 });
      assert.equal((await resolver.query('example.com', 'A')).status, 'timeout');
    } finally {
      await server.close();
    }
  });
});

test('no socket or timer is left behind after answers and timeouts', async () => {
  // Handles disappear from the list a loop turn after their close callbacks: let them settle.
  const settle = () => new Promise((r) => setTimeout(r, 20));
  const ours = (): string[] =>
    process
      .getActiveResourcesInfo()
      .filter((r) => /UDP|TCP|Timeout/.test(r))
      .sort();
  await settle();
  const before = ours();
  const server = await startDnsServer(zone);
  const resolver = resolverFor([server], 1, 50);
  await Promise.all([resolver.query('example.com', 'A'), resolver.query('quiet.example', 'A'), resolver.query('big.example', 'MX')]);
  await server.close();
  await settle();
  assert.deepEqual(ours(), before);
});

describe('resolver against hostile zones (regressions)', () => {
  test('a name whose UDP answers are truncated (TC, partial data) is asked again over TCP; the partial data is never used', async () => {
    const z: DnsZone = {
      records: [
        { name: 'tc.example', type: 'MX', data: { preference: 30, exchange: 'c.tc.example' } },
        { name: 'tc.example', type: 'MX', data: { preference: 10, exchange: 'a.tc.example' } },
      ],
      behaviours: { 'tc.example': { truncate: true } },
    };
    const server = await world({}, z);
    const result = ok(await resolverFor([server]).query('tc.example', 'MX'));
    assert.deepEqual(result.answers.map(data), [
      { preference: 30, exchange: 'c.tc.example' },
      { preference: 10, exchange: 'a.tc.example' },
    ]);
    assert.equal(server.queriesFor('tc.example'), 2, 'one UDP query, one TCP query');
  });

  test('an answer truncated even over TCP is an error, not an empty NOERROR (which would read as "no MX")', async () => {
    // Over 64 KiB of MX records: no DNS message can hold them, so TCP says TC too.
    const records = Array.from({ length: 1500 }, (_, i) => ({
      name: 'huge.example',
      type: 'MX' as const,
      data: { preference: i, exchange: `mx${i}.huge.example` },
    }));
    const server = await world({}, { records: [...records, { name: 'huge.example', type: 'A', data: '192.0.2.80' }] });
    const resolver = resolverFor([server]);
    const result = await resolver.query('huge.example', 'MX');
    assert.equal(result.status, 'error', JSON.stringify(result).slice(0, 200));
    assert.match((result as { message: string }).message, /TCP: the answer to MX huge\.example is truncated too/);
    // So the domain is undetermined, never its A record as an implicit MX (RFC 5321 §5.1 is only for no MX).
    const hosts = await resolveMailHosts('huge.example', resolver);
    assert.deepEqual(hosts.kind === 'dns-failure' && hosts.reason, 'dns-error');
  });

  test('one deadline covers the UDP exchange and the TCP retry of an attempt', async () => {
    // UDP answers (TC) after 120 ms, TCP after another 120 ms: 240 ms in all, over the 200 ms attempt.
    const z: DnsZone = { ...zone, behaviours: { 'example.com': { truncate: true, delayMs: 120 } } };
    const server = await world({}, z);
    const result = await resolverFor([server], 1, 200).query('example.com', 'A');
    assert.equal(result.status, 'timeout', JSON.stringify(result));
    // With room for both, the same server is fine.
    assert.deepEqual(ok(await resolverFor([server], 1, 600).query('example.com', 'A')).answers.map(data), ['192.0.2.1']);
  });

  test('a late answer within the deadline is taken; one later than every attempt is a timeout after exactly `attempts` queries', async () => {
    const z: DnsZone = { ...zone, behaviours: { 'example.com': { delayMs: 60 }, 'www.example.com': { delayMs: 300 } } };
    const server = await world({}, z);
    const resolver = resolverFor([server], 2, 200);
    assert.equal(ok(await resolver.query('example.com', 'A')).rcode, 'NOERROR');
    const late = await resolver.query('www.example.com', 'A');
    assert.equal(late.status, 'timeout');
    assert.equal(server.queriesFor('www.example.com'), 2);
  });
});

describe('resolver: lookups in flight', () => {
  test('every lookup that goes to the network waits its turn in `schedule`; an answer from the cache does not', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `n${i}.example`);
    const z: DnsZone = {
      records: names.map((name) => ({ name, type: 'A' as const, data: '192.0.2.7' })),
      behaviours: Object.fromEntries(names.map((name) => [name, { delayMs: 30 }])),
    };
    const server = await world({}, z);
    const slots = new KeyedLimiter(3);
    let running = 0;
    let most = 0;
    let scheduled = 0;
    const resolver = createResolver({
      servers: [{ host: server.host, port: server.port }],
      timeoutMs: 5_000,
      attempts: 1,
      schedule: (task) =>
        slots.run('dns', async () => {
          scheduled += 1;
          most = Math.max(most, ++running);
          try {
            return await task();
          } finally {
            running -= 1;
          }
        }),
    });
    const answers = await Promise.all(names.map((name) => resolver.query(name, 'A')));
    assert.deepEqual(
      answers.map((answer) => ok(answer).answers.map(data)),
      names.map(() => ['192.0.2.7']),
    );
    assert.equal(most, 3, 'never more than the limiter allows, and the limit is used');
    assert.equal(scheduled, names.length);
    await resolver.query('n0.example', 'A');
    assert.equal(scheduled, names.length, 'the cached answer went through no slot');
  });
});
