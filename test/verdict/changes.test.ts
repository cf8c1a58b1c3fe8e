import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compareReports, describeVerdict } from '../../src/verdict/changes.js';
import type { BaselineChange, ChangeEffect, DomainResult, MxHostResult, SettingVerdict } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import {
  address,
  certificate,
  cutOffAddress,
  delivered,
  domain,
  everySetting,
  failure,
  invalidInput,
  mxHost,
  noStarttlsAddress,
  notDelivered,
  report,
  undetermined,
} from '../factories.js';

function changes(before: DomainResult[], after: DomainResult[]): BaselineChange[] {
  return compareReports(report(before), report(after), 'prev.json').changes;
}

/** The one change between a safe acme.test and one whose `setting` verdict is `now`. */
function verdictFlip(setting: SettingName, then: SettingVerdict, now: SettingVerdict): BaselineChange[] {
  return changes([domain('acme.test', { settings: { [setting]: then } })], [domain('acme.test', { settings: { [setting]: now } })]);
}

const verdictChange = (setting: SettingName, before: string, after: string, effect: ChangeEffect): BaselineChange => ({
  domain: 'acme.test',
  kind: 'verdict-changed',
  setting,
  host: null,
  before,
  after,
  regression: effect === 'regression',
  effect,
  undetermined: after.startsWith('undetermined'),
});

describe('compareReports', () => {
  test('identical reports: no changes, and the baseline file and time are named', () => {
    const results = [
      domain('acme.test'),
      domain('beta.test', { settings: { required: notDelivered('starttls-not-supported') } }),
      invalidInput('x y'),
    ];
    assert.deepEqual(
      compareReports(report(results, { generatedAt: '2024-06-01T00:00:00.000Z' }), report(structuredClone(results)), 'prev.json'),
      {
        file: 'prev.json',
        generatedAt: '2024-06-01T00:00:00.000Z',
        changes: [],
      },
    );
  });

  test('a domain in one run only: new-domain / removed-domain, neither a regression', () => {
    assert.deepEqual(changes([domain('old.test')], [domain('new.test')]), [
      {
        domain: 'new.test',
        kind: 'new-domain',
        setting: null,
        host: null,
        before: null,
        after: null,
        regression: false,
        effect: 'neutral',
        undetermined: false,
      },
      {
        domain: 'old.test',
        kind: 'removed-domain',
        setting: null,
        host: null,
        before: null,
        after: null,
        regression: false,
        effect: 'neutral',
        undetermined: false,
      },
    ]);
  });

  test('results are matched by normalised domain, else by input', () => {
    const upper = { ...domain('acme.test'), domain: 'ACME.test.' };
    assert.deepEqual(changes([upper, invalidInput('not valid')], [domain('acme.test'), invalidInput('not valid')]), []);
    assert.deepEqual(
      changes([invalidInput('a b')], [invalidInput('c d')]).map((c) => [c.kind, c.domain]),
      [
        ['removed-domain', 'a b'],
        ['new-domain', 'c d'],
      ],
    );
  });

  test('a key seen twice is paired in order; the extra one is new', () => {
    const bad = () => invalidInput('bad');
    assert.deepEqual(
      changes([bad()], [bad(), bad()]).map((c) => c.kind),
      ['new-domain'],
    );
    assert.deepEqual(
      changes([bad(), bad()], [bad()]).map((c) => c.kind),
      ['removed-domain'],
    );
  });
});

describe('verdict-changed', () => {
  test('delivered -> not delivered is a regression, with readable before/after', () => {
    assert.deepEqual(verdictFlip('required', delivered('tls', 'mx1.acme.com'), notDelivered('starttls-not-supported')), [
      verdictChange('required', 'delivered (tls via mx1.acme.com)', 'not delivered (starttls-not-supported)', 'regression'),
    ]);
  });

  test('delivered -> undetermined is a regression', () => {
    assert.deepEqual(verdictFlip('preferred', delivered('tls', 'mx.acme.test'), undetermined('timeout')), [
      verdictChange('preferred', 'delivered (tls via mx.acme.test)', 'undetermined (timeout)', 'regression'),
    ]);
  });

  test('a weaker transport is a regression: verified-tls -> tls or plaintext, tls -> plaintext', () => {
    assert.equal(
      verdictFlip('preferred-verify', delivered('verified-tls'), delivered('plaintext', 'mx.acme.test', ['starttls-not-supported']))[0]!
        .regression,
      true,
    );
    assert.equal(verdictFlip('required-verify', delivered('verified-tls'), delivered('tls'))[0]!.regression, true);
    assert.deepEqual(
      verdictFlip('preferred', delivered('tls', 'mx.acme.test'), delivered('plaintext', 'mx.acme.test', ['starttls-not-supported'])),
      [verdictChange('preferred', 'delivered (tls via mx.acme.test)', 'delivered (plaintext via mx.acme.test)', 'regression')],
    );
  });

  test('better delivery or transport is an improvement', () => {
    const fixed = verdictFlip('required', notDelivered('starttls-not-supported'), delivered('tls', 'mx.acme.test'));
    assert.deepEqual(fixed, [
      verdictChange('required', 'not delivered (starttls-not-supported)', 'delivered (tls via mx.acme.test)', 'improvement'),
    ]);
    assert.equal(fixed[0]!.effect, 'improvement');
    const upgraded = verdictFlip('preferred', delivered('plaintext'), delivered('tls'));
    assert.equal(upgraded[0]!.regression, false);
    assert.equal(upgraded[0]!.effect, 'improvement');
    const known = verdictFlip('required', undetermined('throttled'), delivered('tls'));
    assert.equal(known[0]!.effect, 'improvement');
  });

  test('undetermined is not a regression, and two undetermined states are no change', () => {
    assert.deepEqual(verdictFlip('required', undetermined('timeout'), undetermined('throttled')), []);
    const nowFails = verdictFlip('required', undetermined('timeout'), notDelivered('starttls-not-supported'));
    assert.deepEqual(nowFails, [verdictChange('required', 'undetermined (timeout)', 'not delivered (starttls-not-supported)', 'neutral')]);
    assert.equal(nowFails[0]!.effect, 'neutral');
    const nowUnknown = verdictFlip('required', notDelivered('starttls-not-supported'), undetermined('timeout'));
    assert.equal(nowUnknown[0]!.regression, false);
    assert.equal(nowUnknown[0]!.effect, 'neutral');
  });

  test('same verdict with other reasons or another via host is no verdict change', () => {
    assert.deepEqual(verdictFlip('required', notDelivered('starttls-not-supported'), notDelivered('starttls-rejected')), []);
    assert.deepEqual(verdictFlip('required', delivered('tls', 'mx.acme.test'), delivered('tls', 'mx2.acme.test')), []);
  });

  test('describeVerdict', () => {
    assert.equal(describeVerdict(delivered('verified-tls', 'mx1.acme.com')), 'delivered (verified-tls via mx1.acme.com)');
    assert.equal(
      describeVerdict(notDelivered('certificate-expired', 'certificate-host-mismatch')),
      'not delivered (certificate-expired, certificate-host-mismatch)',
    );
    assert.equal(describeVerdict(notDelivered()), 'not delivered');
    assert.equal(describeVerdict(undetermined('dns-servfail')), 'undetermined (dns-servfail)');
  });
});

describe('per MX host', () => {
  const hostChanges = (then: MxHostResult[], now: MxHostResult[]) =>
    changes([domain('acme.test', { mx: then })], [domain('acme.test', { mx: now })]);

  test('STARTTLS lost on every reachable address is a regression; the timed-out address is ignored', () => {
    const then = [mxHost('mx.acme.test', 10, [address({ address: '192.0.2.1' }), address({ address: '192.0.2.2' })])];
    const now = [
      mxHost('mx.acme.test', 10, [noStarttlsAddress({ address: '192.0.2.1' }), cutOffAddress(failure(), { address: '192.0.2.2' })]),
    ];
    assert.deepEqual(hostChanges(then, now), [
      {
        domain: 'acme.test',
        kind: 'starttls-lost',
        setting: null,
        host: 'mx.acme.test',
        before: 'offered (2 addresses)',
        after: 'not offered (1 address)',
        regression: true,
        effect: 'regression',
        undetermined: false,
      },
    ]);
  });

  test('a timeout is not a lost STARTTLS', () => {
    const then = [mxHost('mx.acme.test', 10, [address()])];
    for (const [reason, phase] of [
      ['timeout', 'banner'],
      ['throttled', 'ehlo'],
      ['connection-refused', 'connect'],
    ] as const) {
      assert.deepEqual(hostChanges(then, [mxHost('mx.acme.test', 10, [cutOffAddress(failure(reason, phase))])]), [], reason);
    }
  });

  test('STARTTLS on only some addresses now is not reported as lost', () => {
    const then = [mxHost('mx.acme.test', 10, [address({ address: '192.0.2.1' }), address({ address: '192.0.2.2' })])];
    assert.deepEqual(
      hostChanges(then, [mxHost('mx.acme.test', 10, [address({ address: '192.0.2.1' }), noStarttlsAddress({ address: '192.0.2.2' })])]),
      [],
    );
  });

  test('STARTTLS gained is not a regression', () => {
    const found = hostChanges([mxHost('mx.acme.test', 10, [noStarttlsAddress()])], [mxHost('mx.acme.test', 10, [address()])]);
    assert.deepEqual(found, [
      {
        domain: 'acme.test',
        kind: 'starttls-gained',
        setting: null,
        host: 'mx.acme.test',
        before: 'not offered (1 address)',
        after: 'offered (1 address)',
        regression: false,
        effect: 'improvement',
        undetermined: false,
      },
    ]);
    assert.equal(found[0]!.effect, 'improvement');
  });

  test('a certificate that verified and now does not names the trust error', () => {
    const expired = address({ certificate: certificate({ trusted: false, trustError: 'expired', daysLeft: -1 }) });
    assert.deepEqual(hostChanges([mxHost('mx.acme.test', 10, [address()])], [mxHost('mx.acme.test', 10, [expired])]), [
      {
        domain: 'acme.test',
        kind: 'certificate-now-fails',
        setting: null,
        host: 'mx.acme.test',
        before: 'verified',
        after: 'expired',
        regression: true,
        effect: 'regression',
        undetermined: false,
      },
    ]);
  });

  test('a trusted certificate whose names match neither MX host nor domain: name mismatch', () => {
    const mismatch = address({ certificate: certificate({ matchesMx: false, matchesDomain: false }) });
    assert.deepEqual(
      hostChanges([mxHost('mx.acme.test', 10, [address()])], [mxHost('mx.acme.test', 10, [mismatch])]).map((c) => [c.kind, c.after]),
      [['certificate-now-fails', 'name mismatch']],
    );
  });

  test('a name matching only the domain still verifies (either comparison counts)', () => {
    const domainOnly = address({ certificate: certificate({ matchesMx: false, matchesDomain: true }) });
    assert.deepEqual(hostChanges([mxHost('mx.acme.test', 10, [address()])], [mxHost('mx.acme.test', 10, [domainOnly])]), []);
  });

  test('a certificate that now verifies is an improvement', () => {
    const selfSigned = address({ certificate: certificate({ trusted: false, trustError: 'self-signed', matchesMx: false }) });
    const found = hostChanges([mxHost('mx.acme.test', 10, [selfSigned])], [mxHost('mx.acme.test', 10, [address()])]);
    assert.deepEqual(found, [
      {
        domain: 'acme.test',
        kind: 'certificate-now-verifies',
        setting: null,
        host: 'mx.acme.test',
        before: 'self-signed, name mismatch',
        after: 'verified',
        regression: false,
        effect: 'improvement',
        undetermined: false,
      },
    ]);
    assert.equal(found[0]!.effect, 'improvement');
  });

  test('no certificate now (timeout) is not a certificate failure', () => {
    assert.deepEqual(
      hostChanges([mxHost('mx.acme.test', 10, [address()])], [mxHost('mx.acme.test', 10, [cutOffAddress(failure('timeout', 'tls'))])]),
      [],
    );
  });

  test('MX hosts added and removed, by name (case-insensitive)', () => {
    const then = [mxHost('MX1.acme.test.', 10, [address()]), mxHost('old.acme.test', 20, [address()])];
    const now = [mxHost('mx1.acme.test', 10, [address()]), mxHost('new.acme.test', 30, [address()])];
    assert.deepEqual(hostChanges(then, now), [
      {
        domain: 'acme.test',
        kind: 'mx-added',
        setting: null,
        host: 'new.acme.test',
        before: null,
        after: 'MX 30',
        regression: false,
        effect: 'neutral',
        undetermined: false,
      },
      {
        domain: 'acme.test',
        kind: 'mx-removed',
        setting: null,
        host: 'old.acme.test',
        before: 'MX 20',
        after: null,
        regression: false,
        effect: 'neutral',
        undetermined: false,
      },
    ]);
  });

  test('a DNS failure now does not remove the MX hosts (only the verdicts change)', () => {
    const failing = domain('acme.test', {
      dns: { outcome: 'dns-failure', reason: 'dns-servfail', message: 'SERVFAIL' },
      mx: [],
      settings: everySetting(undetermined('dns-servfail')),
    });
    const found = changes([domain('acme.test')], [failing]);
    assert.deepEqual(
      found.map((c) => [c.kind, c.setting, c.regression]),
      [
        ['verdict-changed', 'preferred', true],
        ['verdict-changed', 'required', true],
        ['verdict-changed', 'preferred-verify', true],
        ['verdict-changed', 'required-verify', true],
      ],
    );
  });
});

describe('order', () => {
  test('regressions first, then by domain, then by kind, setting and host', () => {
    const before = [
      domain('zulu.test'),
      domain('alpha.test', {
        mx: [mxHost('mx.alpha.test', 10, [noStarttlsAddress()])],
        settings: { required: notDelivered('starttls-not-supported') },
      }),
      domain('mike.test', { mx: [mxHost('mx.mike.test', 10, [address()]), mxHost('b.mike.test', 20, [address()])] }),
      domain('gone.test'),
    ];
    const after = [
      domain('zulu.test', {
        mx: [mxHost('mx.zulu.test', 10, [noStarttlsAddress()])],
        settings: { required: notDelivered('starttls-not-supported'), 'required-verify': notDelivered('starttls-not-supported') },
      }),
      domain('alpha.test', { mx: [mxHost('mx.alpha.test', 10, [address()])] }),
      domain('mike.test', {
        mx: [
          mxHost('a.mike.test', 5, [address()]),
          mxHost('mx.mike.test', 10, [address({ certificate: certificate({ trusted: false, trustError: 'unknown-issuer' }) })]),
        ],
      }),
      domain('beta.test'),
    ];
    const found = changes(before, after).map((c) => [c.regression, c.domain, c.kind, c.setting ?? c.host]);
    assert.deepEqual(found, [
      [true, 'mike.test', 'certificate-now-fails', 'mx.mike.test'],
      [true, 'zulu.test', 'verdict-changed', 'required'],
      [true, 'zulu.test', 'verdict-changed', 'required-verify'],
      [true, 'zulu.test', 'starttls-lost', 'mx.zulu.test'],
      [false, 'alpha.test', 'verdict-changed', 'required'],
      [false, 'alpha.test', 'starttls-gained', 'mx.alpha.test'],
      [false, 'beta.test', 'new-domain', null],
      [false, 'gone.test', 'removed-domain', null],
      [false, 'mike.test', 'mx-added', 'a.mike.test'],
      [false, 'mike.test', 'mx-removed', 'b.mike.test'],
    ]);
  });
});
