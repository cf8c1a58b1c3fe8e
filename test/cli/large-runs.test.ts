/**
 * README "Large runs": the GitHub Actions matrix workflow and the Kubernetes Indexed Job are run
 * here as far as this machine allows. Their command lines are taken from the README itself (so
 * the test fails when the README drifts), run by `sh` with the engine's variables set (a matrix
 * value, JOB_COMPLETION_INDEX, GITHUB_STEP_SUMMARY), with `tlscheck` on the PATH pointing at the
 * built binary and, for the shards, at the loopback world. The engine's own part (artifacts, a
 * shared volume) is a file copy. The merged gate must be the gate of one run over the same list.
 * So must the README "Benchmark" recipe for both cores of one machine (two shards at once, then the merge).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { Report } from '../../src/model/report.js';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { startWorld, type World } from '../../src/world/world.js';
import { BIN, worldArgs, type Run } from './helpers.js';

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));

/** The fenced yaml blocks of the README's "Large runs" section. */
function largeRunsYaml(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('\n## Large runs');
  assert.ok(start !== -1, 'README has a "Large runs" section');
  const section = text.slice(start, text.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```yaml\n([^]*?)```/g)].map((match) => match[1]!);
}

/** The command lines of the fenced sh block in the "Both cores" paragraph of the README's "Benchmark" section. */
function bothCoresRecipe(): string[] {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf('\n**Both cores.**', text.indexOf('\n## Benchmark'));
  assert.ok(start !== -1, 'README "Benchmark" has a "Both cores" paragraph');
  const block = /```sh\n([^]*?)```/.exec(text.slice(start, text.indexOf('\n## ', start + 1)));
  assert.ok(block, 'with a sh block');
  return block[1]!.trim().split('\n');
}

/**
 * The shell commands of a YAML text: `run:` values and `- >-` items (args of a `sh -c`), folded
 * lines joined with spaces, each with the GitHub job it is in (the key under `jobs:`), if any.
 */
function commands(yaml: string): { job: string | null; command: string }[] {
  const lines = yaml.split('\n');
  const found: { job: string | null; command: string }[] = [];
  let job: string | null = null;
  lines.forEach((line, index) => {
    const key = /^ {2}([\w-]+):\s*$/.exec(line);
    if (key) job = key[1]!;
    const match = /^(\s*)(?:- )?(?:run: )?(.*)$/.exec(line)!;
    const isRun = /^\s*(?:- )?run: /.test(line);
    const folded = /^(?:>|>-|\|)$/.test(match[2]!.trim());
    if (!isRun && !/^\s*- >-?\s*$/.test(line)) return;
    if (!folded) {
      found.push({ job, command: match[2]! });
      return;
    }
    const indent = match[1]!.length;
    const body: string[] = [];
    for (const next of lines.slice(index + 1)) {
      if (next.trim() !== '' && next.length - next.trimStart().length <= indent) break;
      body.push(next.trim());
    }
    found.push({ job, command: body.join(' ').trim() });
  });
  return found.filter((entry) => /\btlscheck\b/.test(entry.command) && !entry.command.includes('npm install'));
}

/** `sh -c command` in `cwd` with the shim first on the PATH. */
function sh(command: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', command], { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

describe('README "Large runs" recipes, run against the loopback world', () => {
  let world: World;
  let root: string;
  let shimPath: string;
  let domains: string;
  let single: Report;
  let singleCode: number;

  /** A fresh working directory holding the recipes' input file. */
  const workdir = (name: string) => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'recipient-domains.txt'), domains);
    return dir;
  };
  const run = (command: string, cwd: string, env: Record<string, string> = {}) =>
    sh(command, cwd, { ...env, PATH: `${shimPath}:${process.env.PATH}` });

  before(async () => {
    world = await startWorld(loadScenario(join(fixturesDir(), 'scenarios', 'demo.json')));
    root = mkdtempSync(join(tmpdir(), 'tlscheck-large-'));
    // The demo's domains but the one that only times out (it would only make the test slower), plus lines that name none.
    const names = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'))
      .domains.map((entry) => entry.domain)
      .filter((name) => name !== 'silent.test');
    domains = [...names, 'Ann <ann@valid.test>', 'not a domain', ...names.slice(0, 4)].join('\n');
    // `tlscheck` on the PATH: the built binary; a run (not a merge) is aimed at the world.
    shimPath = join(root, 'bin');
    mkdirSync(shimPath);
    const world_ = worldArgs(world, '--timeout', '3000').map(quote).join(' ');
    const node = `${quote(process.execPath)} ${quote(BIN)}`;
    writeFileSync(join(shimPath, 'tlscheck'), `#!/bin/sh\nif [ "$1" = merge ]; then exec ${node} "$@"; fi\nexec ${node} "$@" ${world_}\n`);
    chmodSync(join(shimPath, 'tlscheck'), 0o755);
    const dir = workdir('single');
    const one = await run('tlscheck -f recipient-domains.txt --require required --format json --output json:single.json', dir);
    singleCode = one.code;
    single = JSON.parse(readFileSync(join(dir, 'single.json'), 'utf8')) as Report;
    assert.equal(singleCode, 1, `the demo world fails the required gate: ${one.stderr}`);
  });
  after(async () => {
    await world.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** The merged JSON report gives the single run's verdicts and recipients, domain by domain, in input order. */
  const assertSameAsSingle = (report: Report) => {
    const brief = (r: Report) =>
      r.results.map((result) => [result.domain ?? result.input, result.recipients, result.settings, result.gateSetting]);
    assert.deepEqual(brief(report), brief(single));
    assert.deepEqual(report.merged?.missing, []);
  };

  test('GitHub Actions: the matrix of shards, the artifacts, and the merge job with the gate', async () => {
    const [workflow] = largeRunsYaml().filter((yaml) => yaml.includes('jobs:'));
    assert.ok(workflow, 'the README has the workflow');
    const steps = commands(workflow);
    const shardStep = steps.find((step) => step.job === 'shard');
    const gateStep = steps.find((step) => step.job === 'gate');
    assert.ok(shardStep && gateStep, `a tlscheck step in the shard and the gate job: ${JSON.stringify(steps)}`);
    const matrix = /^\s+shard: \[([\d, ]+)\]/m
      .exec(workflow)?.[1]
      ?.split(',')
      .map((value) => value.trim());
    assert.ok(matrix && matrix.length > 1, 'a matrix of shards');
    // Each matrix job on its own runner (directory); upload-artifact + download-artifact (merge-multiple) put the files in one directory.
    const gate = workdir('github-gate');
    for (const value of matrix) {
      const runner = workdir(`github-shard-${value}`);
      const shard = await run(shardStep.command.replaceAll('${{ matrix.shard }}', value), runner);
      assert.equal(shard.code, 0, `shard ${value}: ${shard.stderr}`);
      const artifacts = readdirSync(runner).filter((name) => name.startsWith('shard-'));
      assert.equal(artifacts.length, 1);
      mkdirSync(join(gate, 'shards'), { recursive: true });
      copyFileSync(join(runner, artifacts[0]!), join(gate, 'shards', artifacts[0]!));
    }
    const summary = join(gate, 'step-summary.md');
    const merged = await run(gateStep.command, gate, { GITHUB_STEP_SUMMARY: summary });
    assert.equal(merged.code, singleCode, merged.stderr);
    assert.match(merged.stderr, /^tlscheck: gate required: FAIL, mail stops for/m);
    assert.match(readFileSync(summary, 'utf8'), /^# /m);
    assert.match(readFileSync(join(gate, 'tls.xml'), 'utf8'), /<testsuites/);
    assertSameAsSingle(JSON.parse(readFileSync(join(gate, 'tls.json'), 'utf8')) as Report);
  });

  test('Both cores of one machine: two --shard processes at once, then the merge (README "Benchmark")', async () => {
    const lines = bothCoresRecipe();
    assert.equal(lines.length, 2, `two command lines: ${JSON.stringify(lines)}`);
    const [shards, merge] = lines as [string, string];
    assert.match(shards, /&/, 'the shards run at once');
    const dir = workdir('both-cores');
    const ran = await run(shards, dir);
    assert.equal(ran.code, 0, ran.stderr);
    assert.deepEqual(
      readdirSync(dir)
        .filter((name) => name.startsWith('shard-'))
        .sort(),
      ['shard-1.ndjson', 'shard-2.ndjson'],
    );
    const merged = await run(merge, dir);
    assert.equal(merged.code, singleCode, merged.stderr);
    assertSameAsSingle(JSON.parse(readFileSync(join(dir, 'tls.json'), 'utf8')) as Report);
  });

  test('Kubernetes: the Indexed Job (JOB_COMPLETION_INDEX 0 … completions-1) on a shared volume, then the merge Job', async () => {
    const [manifest] = largeRunsYaml().filter((yaml) => yaml.includes('kind: Job'));
    assert.ok(manifest, 'the README has the manifests');
    const [indexed, merge] = manifest.split(/^---$/m);
    assert.ok(indexed && merge && /completionMode: Indexed/.test(indexed), 'an Indexed Job, then the merge Job');
    const completions = Number(/^\s+completions: (\d+)/m.exec(indexed)?.[1]);
    assert.ok(completions > 1);
    const [shardCommand] = commands(indexed);
    const [mergeCommand] = commands(merge);
    assert.ok(shardCommand && mergeCommand);
    const volume = workdir('kubernetes-volume');
    for (let index = 0; index < completions; index += 1) {
      const pod = await run(shardCommand.command, volume, { JOB_COMPLETION_INDEX: String(index) });
      assert.equal(pod.code, 0, `index ${index}: ${pod.stderr}`);
    }
    assert.equal(readdirSync(join(volume, 'shards')).length, completions);
    const merged = await run(mergeCommand.command, volume);
    assert.equal(merged.code, singleCode, merged.stderr);
    assertSameAsSingle(JSON.parse(readFileSync(join(volume, 'tls.json'), 'utf8')) as Report);
  });
});
