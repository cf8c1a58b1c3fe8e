/**
 * The MX logic, through our real resolver against the test-world DNS server; a canned resolver
 * for the cases a zone cannot express (one address family failing).
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Answer } from 'dns-packet';
import { resolveMailHosts } from '../../src/dns/mail-hosts.js';
import { createResolver, type DnsResult, type Resolver } from '../../src/dns/resolver.js';
import { LIMITS } from '../../src/model/limits.js';
import type { MailHosts, MxHost } from '../../src/model/observation.js';
import { startDnsServer, type DnsServer } from '../../src/world/dns-server.js';
import type { DnsZone, ZoneRecord } from '../../src/world/dns-zone.js';

const mx = (name: string, preference: number, exchange: string): ZoneRecord => ({ name, type: 'MX', data: { preference, exchange } });
const a = (name: string, data: string): ZoneRecord => ({ name, type: 'A', data });
const aaaa = (name: string, data: string): ZoneRecord => ({ name, type: 'AAAA', data });
const cname = (name: string, data: string): ZoneRecord => ({ name, type: 'CNAME', data });

const zone: DnsZone = {
  records: [
    mx('order.example', 20, 'b.order.example'),
    mx('order.example', 10, 'A.Order.Example.'),
    mx('order.example', 10, 'c.order.example'),
    mx('order.example', 30, 'a.order.example'),
    a('a.order.example', '192.0.2.1'),
    aaaa('a.order.example', '2001:db8::1'),
    a('a.order.example', '192.0.2.1'),
    a('b.order.example', '192.0.2.2'),
    a('c.order.example', '192.0.2.3'),
    a('implicit.example', '192.0.2.10'),
    aaaa('implicit.example', '2001:db8::10'),
    mx('nullmx.example', 0, '.'),
    a('nullmx.example', '192.0.2.11'),
    mx('mixed-null.example', 0, '.'),
    mx('mixed-null.example', 10, 'c.order.example'),
    { name: 'txtonly.example', type: 'TXT', data: ['v=spf1 -all'] },
    cname('alias.example', 'alias2.example'),
    cname('alias2.example', 'order.example'),
    mx('cn-host.example', 10, 'mxalias.example'),
    cname('mxalias.example', 'b.order.example'),
    cname('loop1.example', 'loop2.example'),
    cname('loop2.example', 'loop1.example'),
    ...Array.from({ length: 10 }, (_, i) => cname(`chain${i}.example`, `chain${i + 1}.example`)),
    mx('chain10.example', 10, 'c.order.example'),
    mx('noaddr.example', 10, 'ghost.example'),
    mx('noaddr.example', 20, 'txtonly.example'),
    mx('v6.example', 10, 'mx6.example'),
    aaaa('mx6.example', '2001:db8::25'),
    mx('sfhost.example', 10, 'broken.example'),
    mx('literal.example', 10, '192.0.2.55'),
    ...Array.from({ length: 25 }, (_, i) => mx('many.example', 100 - i, `h${i}.many.example`)),
    ...Array.from({ length: 6 }, (_, i) => a('wide.example', `192.0.2.${100 + i}`)),
    ...Array.from({ length: 4 }, (_, i) => aaaa('wide.example', `2001:db8::${100 + i}`)),
    mx('widemx.example', 5, 'wide.example'),
  ],
  servfail: ['broken.example'],
  silent: ['quiet.example'],
};

let server: DnsServer;
let resolver: Resolver;
before(async () => {
  server = await startDnsServer(zone);
  resolver = createResolver({ servers: [{ host: server.host, port: server.port }], timeoutMs: 150, attempts: 1 });
});
after(() => server.close());

const hostsOf = (result: MailHosts): MxHost[] => {
  assert.ok(result.kind === 'mx' || result.kind === 'implicit-mx', JSON.stringify(result));
  return result.hosts;
};
const v4 = (address: string) => ({ address, family: 4 as const });
const v6 = (address: string) => ({ address, family: 6 as const });

describe('resolveMailHosts', () => {
  test('MX hosts by preference, equal preferences in DNS order, names canonical, duplicates dropped', async () => {
    const result = await resolveMailHosts('order.example', resolver);
    assert.equal(result.kind, 'mx');
    assert.deepEqual(hostsOf(result), [
      { host: 'a.order.example', preference: 10, addresses: [v4('192.0.2.1'), v6('2001:db8::1')], dnsFailure: null },
      { host: 'c.order.example', preference: 10, addresses: [v4('192.0.2.3')], dnsFailure: null },
      { host: 'b.order.example', preference: 20, addresses: [v4('192.0.2.2')], dnsFailure: null },
    ]);
  });

  test('no MX -> the domain itself is the implicit MX (preference 0, A then AAAA)', async () => {
    assert.deepEqual(await resolveMailHosts('Implicit.Example.', resolver), {
      kind: 'implicit-mx',
      hosts: [{ host: 'implicit.example', preference: 0, addresses: [v4('192.0.2.10'), v6('2001:db8::10')], dnsFailure: null }],
    });
  });

  test('a lone null MX -> null-mx (no fallback to the A record); next to real MX it is ignored', async () => {
    assert.deepEqual(await resolveMailHosts('nullmx.example', resolver), { kind: 'null-mx' });
    assert.deepEqual(
      hostsOf(await resolveMailHosts('mixed-null.example', resolver)).map((h) => h.host),
      ['c.order.example'],
    );
  });

  test('nxdomain, no-mail-host', async () => {
    assert.deepEqual(await resolveMailHosts('absent.example', resolver), { kind: 'nxdomain' });
    assert.deepEqual(await resolveMailHosts('txtonly.example', resolver), { kind: 'no-mail-host' });
  });

  test('SERVFAIL and timeout are dns failures (undetermined), not "no mail"', async () => {
    const servfail = await resolveMailHosts('broken.example', resolver);
    assert.equal(servfail.kind, 'dns-failure');
    assert.equal(servfail.kind === 'dns-failure' && servfail.reason, 'dns-servfail');
    const timeout = await resolveMailHosts('quiet.example', resolver);
    assert.equal(timeout.kind === 'dns-failure' && timeout.reason, 'dns-timeout');
    assert.match(timeout.kind === 'dns-failure' ? timeout.message : '', /MX lookup for quiet\.example/);
  });

  test('CNAME chains are followed for the domain and for MX hosts', async () => {
    assert.deepEqual(
      hostsOf(await resolveMailHosts('alias.example', resolver)).map((h) => h.host),
      ['a.order.example', 'c.order.example', 'b.order.example'],
    );
    assert.deepEqual(hostsOf(await resolveMailHosts('cn-host.example', resolver)), [
      { host: 'mxalias.example', preference: 10, addresses: [v4('192.0.2.2')], dnsFailure: null },
    ]);
  });

  test('a CNAME loop and an overlong chain are dns errors', async () => {
    const loop = await resolveMailHosts('loop1.example', resolver);
    assert.equal(loop.kind === 'dns-failure' && loop.reason, 'dns-error');
    assert.match(loop.kind === 'dns-failure' ? loop.message : '', /CNAME loop: loop1\.example -> loop2\.example -> loop1\.example/);
    const chain = await resolveMailHosts('chain0.example', resolver);
    assert.match(chain.kind === 'dns-failure' ? chain.message : '', new RegExp(`longer than ${LIMITS.maxCnameChain}`));
    // chain1 -> chain10 is 9 CNAMEs: one too many; chain2 -> chain10 is exactly 8: still followed
    assert.match((await resolveMailHosts('chain1.example', resolver)).kind, /dns-failure/);
    assert.deepEqual(
      hostsOf(await resolveMailHosts('chain2.example', resolver)).map((h) => h.host),
      ['c.order.example'],
    );
  });

  test('MX hosts without addresses carry mx-host-unresolvable, saying why', async () => {
    const hosts = hostsOf(await resolveMailHosts('noaddr.example', resolver));
    assert.deepEqual(
      hosts.map((h) => [h.host, h.addresses, h.dnsFailure?.reason]),
      [
        ['ghost.example', [], 'mx-host-unresolvable'],
        ['txtonly.example', [], 'mx-host-unresolvable'],
      ],
    );
    assert.match(hosts[0]!.dnsFailure!.message, /NXDOMAIN/);
    assert.match(hosts[1]!.dnsFailure!.message, /no A or AAAA/);
  });

  test('an MX host that SERVFAILs carries dns-servfail', async () => {
    const [host] = hostsOf(await resolveMailHosts('sfhost.example', resolver));
    assert.equal(host?.dnsFailure?.reason, 'dns-servfail');
  });

  test('an IPv6-only host and an IP-literal exchange', async () => {
    assert.deepEqual(hostsOf(await resolveMailHosts('v6.example', resolver))[0]?.addresses, [v6('2001:db8::25')]);
    assert.deepEqual(hostsOf(await resolveMailHosts('literal.example', resolver)), [
      { host: '192.0.2.55', preference: 10, addresses: [v4('192.0.2.55')], dnsFailure: null },
    ]);
  });

  test('caps: MX hosts and addresses per host (IPv4 first)', async () => {
    const manyResult = await resolveMailHosts('many.example', resolver);
    const many = hostsOf(manyResult);
    assert.equal(many.length, LIMITS.maxMxHosts);
    assert.equal(many[0]?.host, 'h24.many.example', 'lowest preference first');
    // The 20 kept are the most preferred (100-24 .. 100-5); the cut is said, with numbers.
    assert.deepEqual([many[0]?.preference, many.at(-1)?.preference], [76, 95]);
    assert.deepEqual(manyResult.capped && { ...manyResult.capped, message: undefined }, {
      found: 25,
      kept: LIMITS.maxMxHosts,
      message: undefined,
    });
    assert.match(
      manyResult.capped?.message ?? '',
      /^25 MX hosts published; only the 20 most preferred \(up to preference 95\) were checked$/,
    );
    assert.equal((await resolveMailHosts('order.example', resolver)).capped, undefined, 'no cut, no note');
    const [wide] = hostsOf(await resolveMailHosts('widemx.example', resolver));
    assert.equal(wide?.addresses.length, LIMITS.maxAddressesPerHost);
    assert.deepEqual(
      wide?.addresses.map((x) => x.family),
      [4, 4, 4, 4, 4, 4, 6, 6],
    );
  });
});

/** A resolver that answers from a table; anything else is NXDOMAIN. */
function canned(table: Record<string, DnsResult>): Resolver {
  return {
    query: async (name, type) => table[`${name} ${type}`] ?? { status: 'ok', rcode: 'NXDOMAIN', answers: [], authenticated: false },
    activity: () => [],
  };
}
const okAnswer = (answers: Answer[]): DnsResult => ({ status: 'ok', rcode: 'NOERROR', answers, authenticated: false });

describe('resolveMailHosts with one address family failing', () => {
  const mxRecord: Answer = { name: 'd.example', type: 'MX', data: { preference: 1, exchange: 'mx.d.example' } };

  test('addresses of the other family are kept, with no failure', async () => {
    const result = await resolveMailHosts(
      'd.example',
      canned({
        'd.example MX': okAnswer([mxRecord]),
        'mx.d.example A': okAnswer([{ name: 'mx.d.example', type: 'A', data: '192.0.2.9' }]),
        'mx.d.example AAAA': { status: 'timeout', message: 'no answer' },
      }),
    );
    assert.deepEqual(hostsOf(result)[0], { host: 'mx.d.example', preference: 1, addresses: [v4('192.0.2.9')], dnsFailure: null });
  });

  test('no address and one family timed out -> dns-timeout, not unresolvable', async () => {
    const result = await resolveMailHosts(
      'd.example',
      canned({ 'd.example MX': okAnswer([mxRecord]), 'mx.d.example AAAA': { status: 'timeout', message: 'no answer' } }),
    );
    assert.equal(hostsOf(result)[0]?.dnsFailure?.reason, 'dns-timeout');
  });

  test('implicit MX whose A lookup fails -> dns-failure, not no-mail-host', async () => {
    const result = await resolveMailHosts(
      'd.example',
      canned({ 'd.example MX': okAnswer([]), 'd.example A': { status: 'error', message: 'boom' } }),
    );
    assert.equal(result.kind === 'dns-failure' && result.reason, 'dns-error');
  });

  test('a chain the resolver did not chase to the end is continued by asking for the target', async () => {
    const result = await resolveMailHosts(
      'd.example',
      canned({
        'd.example MX': okAnswer([{ name: 'd.example', type: 'CNAME', data: 'e.example' }]),
        'e.example MX': okAnswer([{ name: 'e.example', type: 'MX', data: { preference: 5, exchange: 'mx.e.example' } }]),
        'mx.e.example A': okAnswer([{ name: 'mx.e.example', type: 'A', data: '192.0.2.5' }]),
      }),
    );
    assert.deepEqual(
      hostsOf(result).map((h) => [h.host, h.preference]),
      [['mx.e.example', 5]],
    );
  });

  test('records off the chain, and malformed address data, are not believed', async () => {
    const result = await resolveMailHosts(
      'd.example',
      canned({
        'd.example MX': okAnswer([mxRecord, { name: 'other.example', type: 'MX', data: { preference: 0, exchange: 'evil.example' } }]),
        'mx.d.example A': okAnswer([
          { name: 'mx.d.example', type: 'A', data: 'not-an-ip' },
          { name: 'elsewhere.example', type: 'A', data: '192.0.2.66' },
          { name: 'MX.D.EXAMPLE', type: 'A', data: '192.0.2.9' },
        ]),
      }),
    );
    assert.deepEqual(hostsOf(result), [{ host: 'mx.d.example', preference: 1, addresses: [v4('192.0.2.9')], dnsFailure: null }]);
  });
});
