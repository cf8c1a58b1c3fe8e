/**
 * Name matching (RFC 6125 §6.4 / RFC 9525 §6.3) and subjectAltName parsing.
 *
 * Where our rule is deliberately STRICTER than Node's tls.checkServerIdentity (Node 20):
 *  1. partial wildcards ('f*.example.com', '*x.example.com', 'f*o.example.com'): Node matches
 *     them (RFC 6125 §6.4.3 tolerated them), RFC 9525 §6.3 forbids them, we never match;
 *  2. a host with an empty label ('.b.example' vs '*.b.example'): Node lets '*' match the empty
 *     label, we require a non-empty label;
 *  3. a host with two trailing dots: Node strips two, we strip one (then the empty label fails);
 *  4. a host holding a space, a control character, '*' or a non-ASCII character: Node can still
 *     match it through a wildcard, we never match;
 *  5. DEL (0x7f) in a name: Node accepts it, we treat it as the control character it is.
 * The properties below assert agreement on LDH names except case 1, and that we are never
 * looser than Node on hostile strings.
 */
import 'reflect-metadata';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate, webcrypto } from 'node:crypto';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import * as x509 from '@peculiar/x509';
import fc from 'fast-check';
import { certificateNames, commonNames, dnsNamesOf, matchesAny, matchesName, parseSubjectAltName } from '../../src/tls/names.js';

function nodeMatches(pattern: string, host: string): boolean {
  const cert = { subjectaltname: 'DNS:' + pattern } as unknown as PeerCertificate;
  return checkServerIdentity(host, cert) === undefined;
}

describe('matchesName table', () => {
  const cases: Array<[string, string, boolean, string]> = [
    ['mx.example.com', 'mx.example.com', true, 'exact'],
    ['MX.Example.COM', 'mx.example.com', true, 'case-insensitive pattern'],
    ['mx.example.com', 'MX.EXAMPLE.COM', true, 'case-insensitive host'],
    ['mx.example.com.', 'mx.example.com', true, 'trailing dot on the pattern'],
    ['mx.example.com', 'mx.example.com.', true, 'trailing dot on the host'],
    ['mx.example.com.', 'mx.example.com.', true, 'trailing dot on both'],
    ['mx.example.com', 'mx.example.com..', false, 'two trailing dots'],
    ['mx.example.com', 'mx2.example.com', false, 'different first label'],
    ['mx.example.com', 'example.com', false, 'fewer labels'],
    ['*.example.com', 'mx.example.com', true, 'wildcard left-most label'],
    ['*.EXAMPLE.com', 'Mx.example.COM', true, 'wildcard, mixed case'],
    ['*.example.com', 'a.b.example.com', false, 'wildcard matches one label only'],
    ['*.example.com', 'example.com', false, 'wildcard needs a label'],
    ['*.example.com', '.example.com', false, 'wildcard never matches an empty label'],
    ['*.com', 'example.com', false, '*.com never matches'],
    ['*.com.', 'example.com.', false, '*.com. never matches either'],
    ['*', 'localhost', false, 'bare wildcard'],
    ['f*.example.com', 'foo.example.com', false, 'partial wildcard prefix'],
    ['*o.example.com', 'foo.example.com', false, 'partial wildcard suffix'],
    ['f*o.example.com', 'foo.example.com', false, 'partial wildcard inside'],
    ['w*', 'www', false, 'partial wildcard, single label'],
    ['**.example.com', 'mx.example.com', false, 'double wildcard'],
    ['mx.*.com', 'mx.example.com', false, 'wildcard not left-most'],
    ['*.*.example.com', 'a.b.example.com', false, 'two wildcards'],
    ['*.example.com', '*.example.com', false, 'host with a literal *'],
    ['mx.example.com\u0000.evil.test', 'mx.example.com', false, 'NUL inside the pattern'],
    ['mx.example.com\u0000', 'mx.example.com', false, 'trailing NUL'],
    ['mx.example.com', 'mx.example.com\u0000', false, 'NUL in the host'],
    ['mx\u0007.example.com', 'mx\u0007.example.com', false, 'control char on both sides'],
    ['mx .example.com', 'mx .example.com', false, 'space'],
    ['bücher.example', 'bücher.example', false, 'U-labels are not compared'],
    ['xn--bcher-kva.example', 'XN--BCHER-KVA.example', true, 'A-labels compared as ASCII'],
    ['*.xn--bcher-kva.example', 'mx.xn--bcher-kva.example', true, 'wildcard over an A-label base'],
    ['xn--*.example', 'xn--bcher-kva.example', false, 'wildcard inside an A-label'],
    ['a..example.com', 'a..example.com', false, 'empty label'],
    ['', '', false, 'empty'],
    ['.', '.', false, 'root only'],
    ['192.0.2.1', '192.0.2.1', false, 'IP literal host never matches a DNS name'],
    ['*.0.2.1', '192.0.2.1', false, 'IP literal vs wildcard'],
  ];
  for (const [pattern, host, expected, why] of cases) {
    test(`${why}: ${JSON.stringify(pattern)} vs ${JSON.stringify(host)} -> ${expected}`, () => {
      assert.equal(matchesName(pattern, host), expected);
    });
  }

  test('matchesAny', () => {
    assert.equal(matchesAny(['a.example', '*.wild.example'], 'mx.wild.example'), true);
    assert.equal(matchesAny(['a.example', '*.wild.example'], 'wild.example'), false);
    assert.equal(matchesAny([], 'a.example'), false);
  });
});

describe('matchesName against tls.checkServerIdentity', () => {
  const ldhLabel = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,5}[a-zA-Z0-9])?$/);
  const labels = fc.array(ldhLabel, { minLength: 1, maxLength: 4 });
  const dot = fc.constantFrom('', '.');
  const randomCase = (s: string, flips: boolean[]): string =>
    [...s].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join('');

  /** A pattern derived from the host labels, so that matches actually happen. */
  const derived = fc
    .tuple(labels, fc.nat(4), fc.nat(8), fc.array(fc.boolean(), { minLength: 1 }), dot, dot)
    .map(([hl, kind, at, flips, hostDot, patDot]) => {
      const host = hl.join('.') + hostDot;
      const p = [...hl];
      const first = p[0];
      const cut = at % (first.length + 1);
      if (kind === 1) p[0] = '*';
      if (kind === 2) p[0] = first.slice(0, cut) + '*' + first.slice(cut); // partial wildcard
      if (kind === 3 && p.length > 1) p[p.length - 1] = '*'; // wildcard not left-most
      if (kind === 4) p[0] = first.slice(0, cut) + '*' + first.slice(cut + 1); // partial, replacing
      return { host, pattern: randomCase(p.join('.'), flips) + patDot };
    });
  const unrelated = fc.tuple(labels, labels, dot, dot).map(([a, b, d1, d2]) => ({ host: a.join('.') + d1, pattern: b.join('.') + d2 }));

  const isPartialWildcard = (pattern: string): boolean => {
    const first = pattern.split('.')[0];
    return first.includes('*') && first !== '*';
  };

  test('agrees on LDH names, except partial wildcards (where we never match)', () => {
    fc.assert(
      fc.property(fc.oneof(derived, unrelated), ({ host, pattern }) => {
        const ours = matchesName(pattern, host);
        const node = nodeMatches(pattern, host);
        if (isPartialWildcard(pattern)) {
          assert.equal(ours, false);
        } else {
          assert.equal(ours, node, `pattern ${pattern} host ${host}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  test('is never looser than Node on hostile strings', () => {
    // No ',' or '"' in patterns: they would change how Node splits the 'DNS:...' string.
    const alphabet = fc.constantFrom('a', 'B', '0', '-', '.', '.', '*', '\u0000', '\u0007', ' ', '\u007f', 'é', 'x');
    const str = fc.array(alphabet, { maxLength: 12 }).map((cs) => cs.join(''));
    const pair = fc.oneof(
      fc.tuple(str, str),
      str.map((s) => [s, s] as [string, string]),
      fc.tuple(str, str).map(([a, b]) => ['*.' + b, a + '.' + b] as [string, string]),
    );
    fc.assert(
      fc.property(pair, ([pattern, host]) => {
        if (matchesName(pattern, host)) {
          assert.equal(nodeMatches(pattern, host), true, `pattern ${JSON.stringify(pattern)} host ${JSON.stringify(host)}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseSubjectAltName', () => {
  test('plain entries, non-DNS entries ignored by dnsNamesOf', () => {
    const text = 'DNS:mx.example.com, IP Address:192.0.2.1, email:a@b.example, URI:https://x.example/, DNS:*.example.com';
    assert.deepEqual(parseSubjectAltName(text), [
      { type: 'DNS', value: 'mx.example.com' },
      { type: 'IP Address', value: '192.0.2.1' },
      { type: 'email', value: 'a@b.example' },
      { type: 'URI', value: 'https://x.example/' },
      { type: 'DNS', value: '*.example.com' },
    ]);
    assert.deepEqual(dnsNamesOf(text), ['mx.example.com', '*.example.com']);
  });

  test('JSON-quoted entries (Node >= 17.3) keep their commas and escapes', () => {
    const text = 'DNS:"a\\u002cb.example", DNS:plain.example, URI:"https://u.example/a\\u002c b", DNS:"nul\\u0000.example", DNS:"q\\"uote"';
    assert.deepEqual(dnsNamesOf(text), ['a,b.example', 'plain.example', 'nul\u0000.example', 'q"uote']);
    assert.equal(parseSubjectAltName(text).length, 5);
  });

  test('a spoofing attempt inside a quoted value is one entry', () => {
    const text = 'DNS:"evil.example, DNS:mx.victim.example"';
    assert.deepEqual(dnsNamesOf(text), ['evil.example, DNS:mx.victim.example']);
    assert.equal(matchesAny(dnsNamesOf(text), 'mx.victim.example'), false);
  });

  test('broken quoting does not throw and matches nothing useful', () => {
    assert.deepEqual(dnsNamesOf('DNS:"unterminated, DNS:x.example'), ['"unterminated, DNS:x.example']);
    assert.deepEqual(dnsNamesOf(''), []);
    assert.deepEqual(dnsNamesOf(undefined), []);
    assert.deepEqual(parseSubjectAltName('no colon here'), []);
  });

  test('commonNames unescapes RFC 2253 escapes', () => {
    assert.deepEqual(commonNames('C=US\nO=Ex\\, Inc.\nCN=mx.example.com'), ['mx.example.com']);
    assert.deepEqual(commonNames('CN=a.example\nCN=b\\2Cc.example'), ['a.example', 'b,c.example']);
    assert.deepEqual(commonNames('CN=nul\\00.example'), ['nul\u0000.example']);
    assert.deepEqual(commonNames(undefined), []);
  });
});

describe('certificateNames on real certificates', () => {
  x509.cryptoProvider.set(webcrypto);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

  async function makeCert(name: string, sans: x509.JsonGeneralName[] | null): Promise<X509Certificate> {
    const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
    const extensions = sans === null ? [] : [new x509.SubjectAlternativeNameExtension(sans)];
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01',
      name,
      notBefore: new Date('2020-01-01T00:00:00Z'),
      notAfter: new Date('2120-01-01T00:00:00Z'),
      keys,
      signingAlgorithm: alg,
      extensions,
    });
    return new X509Certificate(Buffer.from(cert.rawData));
  }

  test('SAN dNSNames win over the CN; quoted and NUL entries survive Node printing', async () => {
    const cert = await makeCert('CN=cn.example', [
      { type: 'dns', value: 'a,b.example' },
      { type: 'ip', value: '192.0.2.1' },
      { type: 'dns', value: 'mx.example.com\u0000.evil.test' },
      { type: 'dns', value: 'plain.example' },
    ]);
    const names = certificateNames(cert);
    assert.deepEqual(names, ['a,b.example', 'mx.example.com\u0000.evil.test', 'plain.example']);
    assert.equal(matchesAny(names, 'cn.example'), false);
    assert.equal(matchesAny(names, 'mx.example.com'), false);
    assert.equal(matchesAny(names, 'plain.example'), true);
  });

  test('CN is used only when there is no dNSName (an IP-only SAN still falls back)', async () => {
    const noSan = await makeCert('O=Ex\\, Inc,CN=cn.example', null);
    assert.deepEqual(certificateNames(noSan), ['cn.example']);
    const ipOnly = await makeCert('CN=cn2.example', [{ type: 'ip', value: '192.0.2.1' }]);
    assert.deepEqual(certificateNames(ipOnly), ['cn2.example']);
    const nothing = await makeCert('O=No Name', null);
    assert.deepEqual(certificateNames(nothing), []);
  });
});
