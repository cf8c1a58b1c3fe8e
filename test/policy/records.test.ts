/** The _mta-sts and _smtp._tls TXT records (RFC 8461 §3.1, RFC 8460 §3). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStsRecords } from '../../src/policy/sts-record.js';
import { isReportUri, parseTlsRptRecords } from '../../src/policy/tlsrpt-record.js';

test('MTA-STS record: other TXT records are ignored, one valid record gives its id', () => {
  assert.deepEqual(parseStsRecords(['v=spf1 -all', 'v=STSv1; id=2026A']), { kind: 'valid', id: '2026A' });
  assert.deepEqual(parseStsRecords(['v=STSv1;id=1;ext=x;']), { kind: 'valid', id: '1' });
  assert.deepEqual(parseStsRecords(['google-site-verification=x']), { kind: 'none' });
  assert.deepEqual(parseStsRecords([]), { kind: 'none' });
});

test('MTA-STS record: several, a bad version, a missing or malformed id', () => {
  assert.deepEqual(parseStsRecords(['v=STSv1; id=1', 'v=STSv1; id=2']), { kind: 'multiple', count: 2 });
  assert.equal(parseStsRecords(['v=STSv2; id=1']).kind, 'invalid');
  assert.equal(parseStsRecords(['v=stsv1; id=1']).kind, 'invalid');
  assert.equal(parseStsRecords(['v=STSv1']).kind, 'invalid');
  assert.equal(parseStsRecords(['v=STSv1; id=has-dash']).kind, 'invalid');
  assert.equal(parseStsRecords([`v=STSv1; id=${'a'.repeat(33)}`]).kind, 'invalid');
  assert.equal(parseStsRecords(['v=STSv1; id=1; id=2']).kind, 'invalid');
});

test('TLS-RPT record: mailto and https URIs, several, comma-separated with spaces', () => {
  assert.deepEqual(parseTlsRptRecords(['v=TLSRPTv1; rua=mailto:a@example.com, https://r.example.com/x']), {
    kind: 'valid',
    rua: ['mailto:a@example.com', 'https://r.example.com/x'],
  });
  assert.deepEqual(parseTlsRptRecords(['v=spf1 -all']), { kind: 'none' });
});

test('TLS-RPT record: several records, no rua, a bad scheme, a bad version', () => {
  assert.deepEqual(parseTlsRptRecords(['v=TLSRPTv1; rua=mailto:a@x.test', 'v=TLSRPTv1; rua=mailto:b@x.test']), {
    kind: 'multiple',
    count: 2,
  });
  assert.equal(parseTlsRptRecords(['v=TLSRPTv1;']).kind, 'invalid');
  const ftp = parseTlsRptRecords(['v=TLSRPTv1; rua=mailto:a@x.test,ftp://x.test/']);
  assert.deepEqual(ftp, { kind: 'invalid', problem: '"ftp://x.test/" is neither a mailto: nor an https: URI', rua: ['mailto:a@x.test'] });
  assert.equal(parseTlsRptRecords(['v=TLSRPTv2; rua=mailto:a@x.test']).kind, 'invalid');
});

test('report URIs: http is not https, a mailto needs an address', () => {
  assert.equal(isReportUri('http://r.example.com/'), false);
  assert.equal(isReportUri('mailto:'), false);
  assert.equal(isReportUri('mailto:nobody'), false);
  assert.equal(isReportUri('mailto:%zz@x.test'), true);
  assert.equal(isReportUri('not a uri'), false);
});
