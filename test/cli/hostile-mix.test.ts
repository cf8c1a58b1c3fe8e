/**
 * Issue "hostile servers": one run over a file that mixes every hostile scenario (SMTP and DNS)
 * with the good domains of the demo. Every domain is reported exactly once, within the deadlines
 * (the test's own timeout bounds it), and every verdict — hostile or good — is the expected one.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SETTING_NAMES } from '../factories.js';
import { mergeScenarios } from '../world/merge-scenarios.js';
import { fixturesDir, loadScenario, type Scenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { outcome } from '../run/expectations.js';
import { tlscheck, worldArgs } from './helpers.js';

interface Line {
  input: string;
  settings: Record<string, { deliverable: boolean | null; transport: string | null }>;
}

let world: World;
let dir: string;
let scenario: Scenario;

before(async () => {
  scenario = mergeScenarios(
    'everything',
    ['demo', 'hostile-smtp', 'hostile-dns'].map((name) => loadScenario(join(fixturesDir(), 'scenarios', `${name}.json`))),
  );
  world = await startWorld(scenario);
  dir = mkdtempSync(join(tmpdir(), 'tlscheck-mix-'));
});
after(async () => {
  await world.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a file of every hostile scenario and the good domains: all reported once, all verdicts right', { timeout: 120_000 }, async () => {
  const file = join(dir, 'mixed.txt');
  const domains = scenario.domains.map((entry) => entry.domain);
  writeFileSync(file, `# every scenario at once\n${domains.join('\n')}\n`);
  const run = await tlscheck(
    worldArgs(
      world,
      '-f',
      file,
      '--format',
      'ndjson',
      '--host-timeout',
      '3000',
      '--dns-timeout',
      '500',
      '--concurrency',
      '32',
      '--per-address',
      '4',
    ),
  );
  assert.equal(run.code, 0, run.stderr);
  const lines: Line[] = run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((line) => line.type !== 'report');
  assert.deepEqual(lines.map((line) => line.input).sort(), [...domains].sort(), 'every domain exactly once');
  const wrong: string[] = [];
  for (const line of lines) {
    const expect = scenario.domains.find((entry) => entry.domain === line.input)?.expect;
    for (const setting of SETTING_NAMES) {
      if (outcome(line.settings[setting]!) !== expect?.[setting])
        wrong.push(`${line.input} ${setting}: ${outcome(line.settings[setting]!)} (expected ${expect?.[setting]})`);
    }
  }
  assert.deepEqual(wrong, []);
});
