/**
 * TLSA on the wire and in DNSSEC terms: the query flags (DO, CD), records through dns-packet
 * into our model (property-tested), the owner name, the AD-trust rule, and the lookup's
 * distinction between a bogus answer and a broken server against the world's DNS server.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import type { Answer } from 'dns-packet';
import { buildQuery, matchReply, type Expected } from '../../src/dns/message.js';
import { createResolver, type Resolver } from '../../src/dns/resolver.js';
import { lookupTlsa, tlsaOwnerName, tlsaRecordOf } from '../../src/dns/tlsa.js';
import { adBitTrusted, isLoopback } from '../../src/dns/trust-ad.js';
import { startDnsServer, type DnsServer } from '../../src/world/dns-server.js';
import type { DnsZone } from '../../src/world/dns-zone.js';

const servers: DnsServer[] = [];
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function resolverFor(zone: DnsZone): Promise<{ resolver: Resolver; server: DnsServer }> {
  const server = await startDnsServer(zone);
  servers.push(server);
  return { server, resolver: createResolver({ servers: [{ host: server.host, port: server.port }], timeoutMs: 1_000, attempts: 2 }) };
}

const tlsa = (name: string, usage = 3, certificate = 'ab'.repeat(32)) => ({
  name,
  type: 'TLSA' as const,
  data: { usage, selector: 1, matchingType: 1, certificate },
});

describe('query flags', () => {
  test('DO goes in the OPT record, CD in the header; neither by default', () => {
    const base: Expected = { id: 7, name: 'x.test', type: 'TLSA' };
    const plain = dnsPacket.decode(buildQuery(base));
    const asked = dnsPacket.decode(buildQuery({ ...base, dnssecOk: true, checkingDisabled: true }));
    const optFlags = (p: typeof plain) => (p.additionals?.[0] as { flags: number }).flags;
    assert.deepEqual([plain.flag_cd, optFlags(plain) & dnsPacket.DNSSEC_OK], [false, 0]);
    assert.deepEqual([asked.flag_cd, optFlags(asked) & dnsPacket.DNSSEC_OK], [true, dnsPacket.DNSSEC_OK]);
    assert.equal(asked.questions?.[0]?.type, 'TLSA');
  });

  test('the resolver caches DO and CD questions apart from plain ones', async () => {
    const { resolver, server } = await resolverFor({ records: [tlsa('_25._tcp.mx.test')] });
    await resolver.query('_25._tcp.mx.test', 'TLSA');
    await resolver.query('_25._tcp.mx.test', 'TLSA', { dnssecOk: true });
    await resolver.query('_25._tcp.mx.test', 'TLSA', { dnssecOk: true });
    await resolver.query('_25._tcp.mx.test', 'TLSA', { dnssecOk: true, checkingDisabled: true });
    assert.equal(server.queriesFor('_25._tcp.mx.test'), 3);
  });
});

describe('TLSA records through dns-packet', () => {
  const record = fc.record({
    usage: fc.integer({ min: 0, max: 255 }),
    selector: fc.integer({ min: 0, max: 255 }),
    matchingType: fc.integer({ min: 0, max: 255 }),
    certificate: fc.uint8Array({ minLength: 0, maxLength: 300 }),
  });

  test('any record a server encodes reads back as the same fields, data in lower-case hex', () => {
    fc.assert(
      fc.property(record, (r) => {
        const wire = dnsPacket.encode({
          type: 'response',
          id: 1,
          flags: 0,
          questions: [{ name: '_25._tcp.mx.test', type: 'TLSA', class: 'IN' }],
          answers: [{ name: '_25._tcp.mx.test', type: 'TLSA', ttl: 60, data: { ...r, certificate: Buffer.from(r.certificate) } }],
        });
        const reply = matchReply(wire, { id: 1, name: '_25._tcp.mx.test', type: 'TLSA' });
        assert.ok(reply);
        const [answer] = reply.answers;
        assert.ok(answer);
        assert.deepEqual(tlsaRecordOf(answer), {
          usage: r.usage,
          selector: r.selector,
          matchingType: r.matchingType,
          data: Buffer.from(r.certificate).toString('hex'),
        });
      }),
    );
  });

  test('never throws on what a decoder may hand back; anything but a TLSA record is null', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom('TLSA', 'A', 'TXT'), (data, type) => {
        const answer = { name: 'x', type, data } as unknown as Answer;
        const parsed = tlsaRecordOf(answer);
        if (type !== 'TLSA') assert.equal(parsed, null);
        if (parsed !== null) assert.match(parsed.data, /^(?:[0-9a-f]{2})*$/);
      }),
    );
  });

  test('random bytes as a reply never throw in matchReply', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const reply = matchReply(Buffer.from(bytes), { id: 1, name: 'x.test', type: 'TLSA' });
        for (const answer of reply?.answers ?? []) tlsaRecordOf(answer);
      }),
    );
  });
});

describe('TLSA names and resolver trust', () => {
  test('owner name: _<port>._tcp.<host>, canonical', () => {
    assert.equal(tlsaOwnerName('MX.Example.COM.', 25), '_25._tcp.mx.example.com');
  });

  test('loopback: 127/8, ::1 and IPv4-mapped 127/8; nothing else', () => {
    for (const host of ['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])
      assert.equal(isLoopback(host), true, host);
    for (const host of ['10.0.0.1', '8.8.8.8', '::2', 'fe80::1%lo', '::ffff:8.8.8.8', 'localhost', ''])
      assert.equal(isLoopback(host), false, host);
  });

  test('the AD bit is believed when every resolver is on loopback, or with --trust-ad', () => {
    const local = { host: '127.0.0.1', port: 53 };
    const remote = { host: '9.9.9.9', port: 53 };
    assert.equal(adBitTrusted([local], false), true);
    assert.equal(adBitTrusted([local, { host: '::1', port: 5353 }], false), true);
    assert.equal(adBitTrusted([remote], false), false);
    assert.equal(adBitTrusted([local, remote], false), false, 'any server may answer');
    assert.equal(adBitTrusted([remote], true), true);
  });
});

describe('lookupTlsa against the world DNS server', () => {
  const zone: DnsZone = {
    records: [
      tlsa('_25._tcp.signed.test'),
      tlsa('_25._tcp.plain.test'),
      tlsa('_25._tcp.bogus.signed.test'),
      { name: '_25._tcp.alias.signed.test', type: 'CNAME', data: '_25._tcp.plain.test' },
      { name: '_25._tcp.alias2.signed.test', type: 'CNAME', data: 'keys.signed.test' },
      tlsa('keys.signed.test', 2),
    ],
    signed: ['signed.test'],
    bogus: ['_25._tcp.bogus.signed.test'],
    servfail: ['_25._tcp.broken.signed.test'],
  };

  test('signed: records with AD; unsigned: records without', async () => {
    const { resolver } = await resolverFor(zone);
    const signed = await lookupTlsa(resolver, '_25._tcp.signed.test');
    assert.deepEqual(signed, {
      kind: 'answer',
      name: '_25._tcp.signed.test',
      records: [{ usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) }],
      authenticated: true,
    });
    const plain = await lookupTlsa(resolver, '_25._tcp.plain.test');
    assert.equal(plain.kind === 'answer' && plain.authenticated, false);
  });

  test('a secure denial (NXDOMAIN in a signed zone) is authenticated and empty', async () => {
    const { resolver } = await resolverFor(zone);
    assert.deepEqual(await lookupTlsa(resolver, '_25._tcp.none.signed.test'), {
      kind: 'answer',
      name: '_25._tcp.none.signed.test',
      records: [],
      authenticated: true,
    });
  });

  test('CNAMEs are followed: the name is the target; AD only when every link is signed', async () => {
    const { resolver } = await resolverFor(zone);
    const intoUnsigned = await lookupTlsa(resolver, '_25._tcp.alias.signed.test');
    assert.deepEqual(intoUnsigned.kind === 'answer' && [intoUnsigned.name, intoUnsigned.authenticated], ['_25._tcp.plain.test', false]);
    const intoSigned = await lookupTlsa(resolver, '_25._tcp.alias2.signed.test');
    assert.ok(intoSigned.kind === 'answer');
    assert.deepEqual([intoSigned.name, intoSigned.authenticated, intoSigned.records[0]?.usage], ['keys.signed.test', true, 2]);
  });

  test('SERVFAIL that CD answers is bogus (with the records); SERVFAIL both ways is a failure', async () => {
    const { resolver } = await resolverFor(zone);
    const bogus = await lookupTlsa(resolver, '_25._tcp.bogus.signed.test');
    assert.equal(bogus.kind, 'bogus');
    assert.equal(bogus.kind === 'bogus' && bogus.records.length, 1);
    const broken = await lookupTlsa(resolver, '_25._tcp.broken.signed.test');
    assert.equal(broken.kind, 'failure');
    assert.match(broken.kind === 'failure' ? broken.message : '', /checking disabled/);
  });
});
