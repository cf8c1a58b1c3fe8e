/**
 * The table in a terminal: it fits the width (the "why" text wraps or moves under the table), a
 * pipe keeps whole lines, and the domains a switch would cut off come first.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Chalk } from 'chalk';
import { usableWidth } from '../../src/render/layout.js';
import { renderTable } from '../../src/render/table.js';
import { delivered, domain, notDelivered, noStarttls, report, safe, selfSigned, undetermined, verdicts } from '../factories.js';

const plain = new Chalk({ level: 0 });
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));
const tableLines = (text: string) => text.split('\n').filter((line) => /[│┌└]/.test(line));

const longReason = domain('very-long-subdomain-name.customer-example.test', {
  settings: verdicts(
    delivered('tls'),
    notDelivered('tls-version-unsupported', 'starttls-protocol-error'),
    delivered('plaintext'),
    notDelivered('tls-version-unsupported'),
  ),
  recipients: 3,
});
const batch = [safe('a.test'), selfSigned('b.test'), longReason, noStarttls('c.test', { recipients: 40 }), safe('d.test')];

describe('table layout', () => {
  for (const width of [60, 80, 100, 132]) {
    test(`at ${width} columns every table line fits, in the batch and the detail views`, () => {
      const compact = renderTable(report(batch), { paint: plain, details: false, width });
      assert.ok(widest(tableLines(compact).join('\n')) <= width, `compact: ${widest(tableLines(compact).join('\n'))}`);
      const details = renderTable(report(batch), { paint: plain, details: true, width });
      assert.ok(widest(tableLines(details).join('\n')) <= width, `details: ${widest(tableLines(details).join('\n'))}`);
      // Nothing is lost by narrowing: every reason is still there, wrapped.
      assert.match(details.replace(/\s+/g, ' '), /server only speaks TLS 1\.0\/1\.1/);
    });
  }

  for (const width of [60, 80]) {
    test(`at ${width} columns the summary, the domains it names and the notes wrap at spaces too`, () => {
      const note =
        'preferred-verify: a failed certificate verification is judged "not delivered" (Salesforce API reference); Help says otherwise.';
      const text = renderTable(report(batch, { notes: [note] }), { paint: plain, details: false, width });
      for (const line of text.split('\n')) assert.ok([...line].length <= width, `${[...line].length}: ${line}`);
      assert.match(
        text.replace(/\s+/g, ' '),
        /very-long-subdomain-name\.customer-example\.test \(3 recipients\): server only speaks TLS 1\.0\/1\.1/,
      );
      assert.ok(text.replace(/\s+/g, ' ').includes(`note: ${note}`));
    });
  }

  test('piped (no width), lines stay whole: no reason is wrapped', () => {
    const text = renderTable(report(batch), { paint: plain, details: false, width: null });
    assert.ok(text.split('\n').some((line) => line.includes('server only speaks TLS 1.0/1.1, older than the sender accepts')));
  });

  test('a terminal that reports 0 columns is laid out for 80; a pipe or a file has no width', () => {
    assert.equal(usableWidth(0, true), 80);
    assert.equal(usableWidth(undefined, true), 80);
    assert.equal(usableWidth(1, true), 40);
    assert.equal(usableWidth(200, false), null);
  });

  test('the domains a switch would cut off come first, most recipients first, then undetermined, then the rest in input order', () => {
    const slowOne = domain('slow.test', {
      settings: verdicts(undetermined('timeout'), undetermined('timeout'), undetermined('timeout'), undetermined('timeout')),
    });
    const rows = tableLines(
      renderTable(report([safe('a.test'), slowOne, longReason, noStarttls('c.test', { recipients: 40 }), safe('d.test')]), {
        paint: plain,
        details: false,
      }),
    )
      .map((line) => line.split('│')[1]?.trim())
      .filter((cell) => cell && cell !== 'domain')
      .slice(0, 5);
    assert.deepEqual(rows, ['c.test', 'very-long-subdomain-name.customer-example.test', 'slow.test', 'a.test', 'd.test']);
  });

  test('the summary ends with the domains cut off and why, so the end of a long run names them', () => {
    const text = renderTable(report(batch), { paint: plain, details: false });
    const tail = text.slice(text.indexOf('Switching to required'));
    assert.match(tail, /✘ c\.test \(40 recipients\): STARTTLS not offered\n/);
    assert.match(tail, /✘ very-long-subdomain-name\.customer-example\.test \(3 recipients\): server only speaks/);
  });
});
