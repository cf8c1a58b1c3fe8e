/**
 * --profile, --tls-domain, --min-tls and `tlscheck profiles` as a user runs them: the report
 * names the profile and keys its settings by the profile's names, --require takes those names
 * (and says which exist otherwise), and what belongs to Salesforce alone (the Email Relay, the
 * Email Log Files) or to one profile's report (a baseline, a shard) is not mixed with another.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PROFILES } from '../../src/model/profiles/index.js';
import { settingNames } from '../../src/model/settings.js';
import { renderProfiles } from '../../src/render/profiles.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { tlscheck, worldArgs } from './helpers.js';

const NOWHERE = ['--resolver', '127.0.0.1:9', '--dns-timeout', '50'];

test('tlscheck profiles lists every profile with each setting, its source and the notes', async () => {
  const run = await tlscheck(['profiles']);
  assert.equal(run.code, 0, run.stderr);
  for (const profile of PROFILES) {
    assert.match(run.stdout, new RegExp(`^${profile.name}${profile.name === 'salesforce' ? ' \\(default\\)' : ''}: `, 'm'));
    for (const rule of profile.settings) {
      assert.ok(run.stdout.includes(`  ${rule.name}: ${rule.summary}`), `${profile.name} ${rule.name}`);
      assert.ok(run.stdout.includes(`source: ${rule.source}`));
      if (rule.note) assert.ok(run.stdout.includes(`note: ${rule.note}`));
    }
  }
  assert.match(run.stdout, /tries at most 5 addresses per message/);
});

test('on a narrow terminal the list wraps at spaces, under each line, and loses nothing', () => {
  const whole = renderProfiles(PROFILES, 'salesforce');
  const narrow = renderProfiles(PROFILES, 'salesforce', 60);
  for (const line of narrow.split('\n')) assert.ok(line.length <= 60 || !line.trim().includes(' '), line);
  assert.equal(narrow.replace(/\s+/g, ' '), whole.replace(/\s+/g, ' '));
  assert.match(narrow, /\n {2}preferred: TLS when the server offers it, no certificate\n {4}checks; plaintext otherwise \(default\)\n/);
});

describe('usage errors, one line, exit 2', () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['--profile', 'exim', 'a.test'],
      /--profile must be one of salesforce, postfix, microsoft365, google, ses, sendgrid, mailgun, got "exim"/,
    ],
    [
      ['--profile', 'postfix', '--require', 'required', 'a.test'],
      /--require must be a setting of the postfix profile: may, encrypt, dane, dane-only, verify, secure; got "required"/,
    ],
    [['--require', 'encrypt', 'a.test'], /--require must be a setting of the salesforce profile/],
    [['--require', 'off', 'a.test'], /--require off is a setting of the Email Relay hop only/],
    [['--min-tls', '1.4', 'a.test'], /--min-tls must be 1.0, 1.1, 1.2 or 1.3, got "1.4"/],
    [['--tls-domain', 'not a name', 'a.test'], /--tls-domain must be a host name or \*\.domain/],
    [
      ['--profile', 'ses', '--email-log', 'x.csv', 'a.test'],
      /--email-log reads Salesforce's Email Log Files: it goes with --profile salesforce, not ses/,
    ],
    [
      ['relay', 'relay.test', '--profile', 'google'],
      /tlscheck relay checks Salesforce's Email Relay hop; the google profile has no relay setting/,
    ],
  ];
  for (const [args, message] of cases) {
    test(`tlscheck ${args.join(' ')}`, async () => {
      const run = await tlscheck([...NOWHERE, ...args]);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
    });
  }
});

describe('a run under another profile', () => {
  const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'profiles.json'));
  let world: World;
  let dir: string;
  before(async () => {
    world = await startWorld(scenario);
    dir = mkdtempSync(join(tmpdir(), 'tlscheck-profiles-'));
  });
  after(async () => {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('json: the profile at the top, the settings under its names; --require in its spelling gates', async () => {
    const run = await tlscheck(
      worldArgs(
        world,
        '--profile',
        'Microsoft365',
        '--require',
        'domain validation',
        '--format',
        'json',
        'othername.test',
        'domainonly.test',
      ),
    );
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as {
      profile: string;
      gate: { setting: string };
      results: { domain: string; settings: object }[];
    };
    assert.equal(report.profile, 'microsoft365');
    assert.equal(report.gate.setting, 'DomainValidation');
    for (const result of report.results) assert.deepEqual(Object.keys(result.settings), settingNames(PROFILES[2]!));
    assert.match(run.stderr, /gate DomainValidation: FAIL, mail stops for 1 of 2 domains \(othername\.test\)/);
  });

  test('--tls-domain decides DomainValidation: the configured name, wildcards as a connector allows', async () => {
    const judged = async (tlsDomain: string) => {
      const run = await tlscheck(
        worldArgs(world, '--profile', 'microsoft365', '--tls-domain', tlsDomain, '--format', 'json', 'valid.test'),
      );
      const report = JSON.parse(run.stdout) as {
        results: { settings: Record<string, { deliverable: boolean | null; reasons: string[] }> }[];
      };
      return report.results[0]!.settings.DomainValidation!;
    };
    assert.equal((await judged('mx.valid.test')).deliverable, true);
    assert.equal((await judged('*.valid.test')).deliverable, true);
    const other = await judged('*.contoso.test');
    assert.deepEqual([other.deliverable, other.reasons], [false, ['certificate-tls-domain-mismatch']]);
  });

  test('--min-tls 1.0 lets sendgrid reach a TLS 1.0 server its default 1.1 refuses', async () => {
    const verdict = async (...extra: string[]) => {
      const run = await tlscheck(worldArgs(world, '--profile', 'sendgrid', ...extra, '--format', 'json', 'tls10.test'));
      const report = JSON.parse(run.stdout) as { results: { settings: Record<string, { transport: string | null }> }[] };
      return report.results[0]!.settings.require_tls!.transport;
    };
    assert.equal(await verdict(), null);
    assert.equal(await verdict('--min-tls', '1.0'), 'tls');
  });

  test('the table reads under the profile: headline, columns and summary', async () => {
    const run = await tlscheck(worldArgs(world, '--profile', 'postfix', 'nostarttls.test', 'valid.test'));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /nostarttls\.test +✘ mail stops under encrypt: STARTTLS not offered/);
    assert.match(run.stdout, /valid\.test +⚠ safe under encrypt; mail stops under secure|valid\.test +✔ safe/);
    assert.match(run.stdout, /Switching to encrypt stops mail to 1 domain/);
  });

  test('a baseline of another profile is refused: the verdicts would not compare', async () => {
    const baseline = join(dir, 'salesforce.json');
    const first = await tlscheck(worldArgs(world, '--format', 'json', '--output', baseline, 'valid.test'));
    assert.equal(first.code, 0, first.stderr);
    const run = await tlscheck(worldArgs(world, '--profile', 'postfix', '--baseline', baseline, 'valid.test'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /judged the salesforce profile's settings; this run judges postfix's/);
  });

  test('shards of different profiles do not merge', async () => {
    const input = join(dir, 'targets.txt');
    writeFileSync(input, 'valid.test\ntls10.test\nnostarttls.test\n');
    const shard = (index: number, profile: string) =>
      tlscheck(
        worldArgs(
          world,
          '--profile',
          profile,
          '-f',
          input,
          '--shard',
          `${index}/2`,
          '--format',
          'json',
          '--output',
          join(dir, `s${index}.json`),
        ),
      );
    assert.equal((await shard(1, 'postfix')).code, 0);
    assert.equal((await shard(2, 'google')).code, 0);
    const run = await tlscheck(['merge', join(dir, 's1.json'), join(dir, 's2.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /different options: --profile\/--min-tls\/--tls-domain \("postfix" and "google"\)/);
    assert.equal((await shard(2, 'postfix')).code, 0);
    const merged = await tlscheck(['merge', join(dir, 's1.json'), join(dir, 's2.json'), '--require', 'encrypt', '--format', 'json']);
    assert.equal(merged.code, 1, merged.stderr);
    assert.equal((JSON.parse(merged.stdout) as { profile: string }).profile, 'postfix');
  });
});
