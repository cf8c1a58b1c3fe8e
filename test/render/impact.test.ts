import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { impact, impactSentence } from '../../src/render/impact.js';
import { invalidInput, noStarttls, safe, selfSigned, slow } from '../factories.js';

describe('impact', () => {
  test('every domain is counted once, with its recipients, in the group of its verdict', () => {
    const results = [
      safe('a.test', { recipients: 5 }),
      noStarttls('b.test', { recipients: 7 }),
      slow('c.test', { recipients: 2 }),
      selfSigned('d.test', { recipients: 3 }),
    ];
    const required = impact(results, 'required');
    assert.deepEqual(required.delivered, { domains: 2, recipients: 8 });
    assert.deepEqual(required.undetermined, { domains: 1, recipients: 2 });
    assert.equal(required.notDelivered.domains, 1);
    assert.equal(required.notDelivered.recipients, 7);
    assert.deepEqual(required.notDelivered.worst, [
      { domain: 'b.test', recipients: 7, messages: null, reasons: ['starttls-not-supported'] },
    ]);
    const verify = impact(results, 'required-verify');
    assert.deepEqual(
      verify.notDelivered.worst.map((entry) => entry.domain),
      ['b.test', 'd.test'],
    );
  });

  test('worst first: most recipients, then domain name; domains without mail under any setting are not blamed on the switch', () => {
    const results = [
      noStarttls('m.test', { recipients: 3 }),
      noStarttls('z.test', { recipients: 40 }),
      noStarttls('a.test', { recipients: 3 }),
      invalidInput('not a domain', { recipients: 9 }),
      noStarttls('b.test', { recipients: 1 }),
    ];
    const { notDelivered, noMailAnyway } = impact(results, 'required');
    assert.deepEqual(
      notDelivered.worst.map((entry) => [entry.domain, entry.recipients]),
      [
        ['z.test', 40],
        ['a.test', 3],
        ['m.test', 3],
        ['b.test', 1],
      ],
    );
    assert.deepEqual(noMailAnyway, { domains: 1, recipients: 9 });
  });

  test('the reasons in worst are a copy: a renderer cannot change the report through them', () => {
    const result = noStarttls();
    impact([result], 'required').notDelivered.worst[0]!.reasons.push('timeout');
    assert.deepEqual(result.settings.required.reasons, ['starttls-not-supported']);
  });
});

describe('impactSentence', () => {
  /** 17 failing domains with 1,234 recipients in all, 3 undetermined with 12, and 2 fine. */
  function contactList() {
    const failing = Array.from({ length: 17 }, (_, i) => noStarttls(`f${i}.test`, { recipients: i === 0 ? 1234 - 16 : 1 }));
    const unknown = [slow('u1.test', { recipients: 10 }), slow('u2.test'), slow('u3.test')];
    return [...failing, ...unknown, safe('ok1.test'), safe('ok2.test', { recipients: 300 })];
  }

  test('recipients and domains, with en-US thousands separators', () => {
    assert.equal(
      impactSentence(contactList(), 'required'),
      'Switching to required stops mail to 1,234 recipients at 17 domains; 3 domains (12 recipients) undetermined.',
    );
  });

  test('a plain list of domains (one recipient each) does not repeat the count', () => {
    const results = [noStarttls('a.test'), noStarttls('b.test'), slow('c.test'), safe('d.test')];
    assert.equal(impactSentence(results, 'required'), 'Switching to required stops mail to 2 domains; 1 domain undetermined.');
    assert.equal(impactSentence([noStarttls('a.test')], 'required-verify'), 'Switching to required-verify stops mail to 1 domain.');
  });

  test('one domain with many recipients', () => {
    const results = [noStarttls('a.test', { recipients: 2500 }), slow('c.test', { recipients: 2 }), slow('d.test', { recipients: 1 })];
    assert.equal(
      impactSentence(results, 'required'),
      'Switching to required stops mail to 2,500 recipients at 1 domain; 2 domains (3 recipients) undetermined.',
    );
  });

  test('nothing stops', () => {
    assert.equal(
      impactSentence([safe('a.test'), selfSigned('b.test')], 'required'),
      'Switching to required stops mail to no domain (2 checked).',
    );
    assert.equal(
      impactSentence([safe('a.test'), slow('b.test')], 'required'),
      'Switching to required stops mail to no domain (2 checked); 1 domain undetermined.',
    );
  });
});
