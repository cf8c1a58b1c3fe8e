/** The MTA-STS judgement from observations alone (no sockets): the cases the world does not show. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeMtaSts, type MtaStsObservations } from '../../src/policy/mta-sts-judge.js';
import { address, certificate, cutOffAddress, failure, mxHost, noStarttlsAddress } from '../factories.js';

const POLICY = (mode: string, mx = 'mx.a.test') => `version: STSv1\nmode: ${mode}\nmx: ${mx}\nmax_age: 604800\n`;

function seen(body: string, mx: MtaStsObservations['mx']): MtaStsObservations {
  return {
    domain: 'a.test',
    record: { kind: 'valid', id: '1' },
    fetch: { kind: 'fetched', address: '192.0.2.9', contentType: 'text/plain', body },
    mx,
  };
}

test('no record: no MTA-STS part at all', () => {
  assert.equal(judgeMtaSts({ ...seen(POLICY('enforce'), []), record: { kind: 'none' } }), null);
});

test('enforce: a host that could not be probed is undetermined, not a failure', () => {
  const judged = judgeMtaSts(seen(POLICY('enforce'), [mxHost('mx.a.test', 10, [cutOffAddress(failure('timeout', 'banner'))])]));
  assert.deepEqual(judged?.hosts, [{ host: 'mx.a.test', matchesPattern: true, certificateValid: null, satisfiesPolicy: null }]);
  assert.deepEqual(judged?.findings, []);
  assert.equal(judged?.honouringSender.outcome, 'undetermined');
});

test('enforce: one address without STARTTLS fails the host; another host that satisfies the policy still gets the mail', () => {
  const judged = judgeMtaSts(
    seen(POLICY('enforce', '*.a.test'), [
      mxHost('mx1.a.test', 10, [address(), noStarttlsAddress({ address: '192.0.2.2' })]),
      mxHost('mx2.a.test', 20, [address()]),
    ]),
  );
  assert.deepEqual(
    judged?.hosts.map((h) => [h.host, h.certificateValid]),
    [
      ['mx1.a.test', false],
      ['mx2.a.test', true],
    ],
  );
  assert.deepEqual(judged?.findings, ['sts-certificate-invalid']);
  assert.match(judged!.messages[0]!, /^mx1\.a\.test does not present/);
  assert.deepEqual(judged?.honouringSender, { outcome: 'delivers', message: 'an MTA-STS sender delivers only through mx2.a.test' });
});

test('a certificate that matches only the recipient domain does not satisfy MTA-STS (RFC 8461 §4.2: the MX host name)', () => {
  const onlyDomain = address({ certificate: certificate({ matchesMx: false, matchesDomain: true }) });
  const judged = judgeMtaSts(seen(POLICY('enforce'), [mxHost('mx.a.test', 10, [onlyDomain])]));
  assert.equal(judged?.hosts[0]?.certificateValid, false);
  assert.equal(judged?.honouringSender.outcome, 'does-not-deliver');
});

test('testing: a bad certificate is shown per host but is no finding, and the sender delivers', () => {
  const judged = judgeMtaSts(seen(POLICY('testing'), [mxHost('mx.a.test', 10, [noStarttlsAddress()])]));
  assert.equal(judged?.hosts[0]?.satisfiesPolicy, false);
  assert.deepEqual(judged?.findings, []);
  assert.equal(judged?.honouringSender.outcome, 'delivers');
});

test('mode none: no per-host judgement, no policy to honour', () => {
  const judged = judgeMtaSts(seen('version: STSv1\nmode: none\nmax_age: 86400\n', [mxHost('mx.a.test', 10, [address()])]));
  assert.deepEqual(judged?.hosts, []);
  assert.equal(judged?.honouringSender.outcome, 'no-policy');
});

test('server text in messages is sanitised', () => {
  const judged = judgeMtaSts({
    ...seen('', []),
    fetch: { kind: 'fetched', address: '192.0.2.9', contentType: 'text/html\u001b[31m', body: '' },
  });
  assert.ok(judged?.messages.every((m) => !m.includes('\u001b')));
  assert.match(judged!.messages[0]!, /\\x1b/);
});
