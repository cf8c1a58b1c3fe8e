import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CertificateReport, MxHostResult } from '../../src/model/report.js';
import { type SettingName } from '../../src/model/settings.js';
import { SETTINGS } from '../factories.js';
import type { Reason } from '../../src/model/vocabulary.js';
import { judgeDomain } from '../../src/verdict/domain.js';
import { passedOver } from '../../src/verdict/passed-over.js';
import { address, domainWith, failedAddress, mxHost, noStarttlsAddress } from '../factories.js';

const noCertificateProblems = (_: CertificateReport): Reason[] => [];
const refused = () =>
  failedAddress(
    { phase: 'connect', reason: 'connection-refused', message: '' },
    { address: '192.0.2.9', connected: false, banner: null, starttls: null },
  );

/** What a sender passed over before the address that carries the mail, under one setting. */
function over(mx: MxHostResult[], setting: SettingName = 'required') {
  const result = domainWith(mx);
  return passedOver(result, judgeDomain(result, SETTINGS[setting], noCertificateProblems));
}

test('an earlier address of the carrying host: "same host", not another MX', () => {
  assert.equal(over([mxHost('mx.a.test', 10, [refused(), address()])]), 'same-host');
  const skipped = failedAddress({ phase: 'connect', reason: 'address-family-skipped', message: '' }, { family: 6, address: '2001:db8::1' });
  assert.equal(over([mxHost('mx.a.test', 10, [skipped, address()])]), 'same-host');
});

test('an earlier MX host, with an address or only a DNS failure: another MX host', () => {
  assert.equal(
    over([mxHost('mx1.a.test', 10, [noStarttlsAddress()]), mxHost('mx2.a.test', 20, [address({ address: '192.0.2.2' })])]),
    'other-host',
  );
  const unresolvable: MxHostResult = {
    ...mxHost('mx1.a.test', 10, []),
    dnsFailure: { reason: 'dns-servfail', message: 'SERVFAIL' },
  };
  assert.equal(over([unresolvable, mxHost('mx2.a.test', 20, [address()])]), 'other-host');
});

test('both an earlier MX host and an earlier address of the carrying host', () => {
  assert.equal(
    over([mxHost('mx1.a.test', 10, [noStarttlsAddress()]), mxHost('mx2.a.test', 20, [refused(), address({ address: '192.0.2.2' })])]),
    'both',
  );
});

test('nothing passed over: the first address carries the mail, or the verdict is not "delivered over TLS"', () => {
  assert.equal(over([mxHost('mx.a.test', 10, [address(), refused()])]), null, 'later addresses are never tried');
  // Plaintext: the reasons include the carrying address's own (no STARTTLS).
  assert.equal(over([mxHost('mx.a.test', 10, [refused(), noStarttlsAddress({ address: '192.0.2.2' })])], 'preferred'), null);
  assert.equal(over([mxHost('mx.a.test', 10, [refused(), noStarttlsAddress({ address: '192.0.2.2' })])]), null, 'not delivered');
});
