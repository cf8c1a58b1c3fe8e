import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { renderTable } from '../../src/render/table.js';
import { certificateWarnings, DEFAULT_WARN_DAYS } from '../../src/verdict/warnings.js';
import { address, certificate, domain, mxHost, report } from '../factories.js';

const withCert = (overrides: Parameters<typeof certificate>[0]) => [
  mxHost('mx.a.test', 10, [address({ certificate: certificate(overrides) })]),
];

test('a certificate expiring within --warn-days is warned about, once per host', () => {
  const mx = [
    mxHost('mx.a.test', 10, [
      address({ certificate: certificate({ daysLeft: 12, notAfter: '2026-12-12T00:00:00.000Z' }) }),
      address({ address: '192.0.2.2', certificate: certificate({ daysLeft: 12, notAfter: '2026-12-12T00:00:00.000Z' }) }),
    ]),
  ];
  assert.deepEqual(certificateWarnings(mx, DEFAULT_WARN_DAYS), [
    {
      kind: 'certificate-expires-soon',
      host: 'mx.a.test',
      address: address().address,
      message: 'certificate expires in 12 days (2026-12-12)',
      brief: 'expires 12d',
    },
  ]);
  assert.deepEqual(certificateWarnings(mx, 12), [], 'not within 12 days: day 12 is outside');
});

test('no warning for a certificate far from expiry, nor for an expired one (that is a trust error)', () => {
  assert.deepEqual(certificateWarnings(withCert({ daysLeft: 400 }), 21), []);
  assert.deepEqual(certificateWarnings(withCert({ daysLeft: -3, trusted: false, trustError: 'expired' }), 21), []);
});

test('an RSA key under 2048 bits is warned about; EC 256 and RSA 2048 are not', () => {
  const weak = certificateWarnings(withCert({ keyType: 'RSA', keyBits: 1024, daysLeft: 400 }), 21);
  assert.deepEqual(
    weak.map((warning) => [warning.kind, warning.brief]),
    [['weak-key', 'RSA 1024']],
  );
  assert.deepEqual(certificateWarnings(withCert({ keyType: 'RSA', keyBits: 2048, daysLeft: 400 }), 21), []);
  assert.deepEqual(certificateWarnings(withCert({ keyType: 'EC', keyBits: 256, daysLeft: 400 }), 21), []);
});

test('warnings are shown with the domain in both table views, and change no verdict', () => {
  const warned = domain('a.test', {
    mx: withCert({ daysLeft: 5, notAfter: '2026-12-05T00:00:00.000Z' }),
    warnings: certificateWarnings(withCert({ daysLeft: 5, notAfter: '2026-12-05T00:00:00.000Z' }), 21),
  });
  const plain = new Chalk({ level: 0 });
  assert.match(
    renderTable(report([warned]), { paint: plain, details: true }),
    /⚠ mx\.a\.test: certificate expires in 5 days \(2026-12-05\)/,
  );
  const compact = renderTable(report([warned, domain('b.test')]), { paint: plain, details: false });
  assert.match(compact, /│ warn\s+│/);
  assert.match(compact, /expires 5d/);
  assert.equal(warned.settings['required-verify'].deliverable, true);
});
