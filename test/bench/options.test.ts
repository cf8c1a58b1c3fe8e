import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OPTIONS, parseBenchOptions } from '../../bench/options.js';
import { median } from '../../bench/report.js';
import { benchScenario, domainName } from '../../bench/world-spec.js';

test('no arguments: the default bench', () => {
  assert.deepEqual(parseBenchOptions([]), DEFAULT_OPTIONS);
  assert.deepEqual(DEFAULT_OPTIONS.sizes, [1_000, 10_000]);
  assert.deepEqual(DEFAULT_OPTIONS.perAddress, [2, 16]);
  assert.deepEqual([DEFAULT_OPTIONS.coresN, DEFAULT_OPTIONS.logRows], [5_000, 500_000]);
});

test('every flag, with a space or an equals sign', () => {
  const options = parseBenchOptions([
    ...['--n', '500,2000', '--runs=5', '--shape', 'shared', '--per-address=4', '--concurrency', '64'],
    ...['--stream-n=20000,50000', '--stream-shape', 'shared', '--startup-runs', '3', '--cores-n', '2000', '--log-rows=1000'],
  ]);
  assert.deepEqual(options, {
    sizes: [500, 2000],
    runs: 5,
    shapes: ['shared'],
    perAddress: [4],
    concurrency: 64,
    streamSizes: [20_000, 50_000],
    streamShape: 'shared',
    startupRuns: 3,
    coresN: 2000,
    logRows: 1000,
  });
  const none = parseBenchOptions(['--n', '0', '--stream-n', '0', '--startup-runs', '0', '--cores-n', '0', '--log-rows', '0']);
  assert.deepEqual([none.sizes, none.streamSizes, none.startupRuns, none.coresN, none.logRows], [[], [], 0, 0, 0]);
});

test('bad input names the flag', () => {
  assert.throws(() => parseBenchOptions(['--n', '10,abc']), /--n: expected whole numbers/);
  assert.throws(() => parseBenchOptions(['--runs', '0']), /--runs/);
  assert.throws(() => parseBenchOptions(['--cores-n', '-1']), /--cores-n: expected whole numbers/);
  assert.throws(() => parseBenchOptions(['--shape', 'own-mx,mesh']), /--shape: unknown mesh/);
  assert.throws(() => parseBenchOptions(['--n']), /--n: missing value/);
  assert.throws(() => parseBenchOptions(['--fast', '1']), /unknown option --fast/);
});

test('median of odd and even counts', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test('own-mx world: one MX host name per domain, spread over 8 servers', () => {
  const scenario = benchScenario('own-mx', 20);
  assert.equal(Object.keys(scenario.servers).length, 8);
  const mx = scenario.dns.records.filter((r) => r.type === 'MX');
  assert.equal(mx.length, 20);
  assert.equal(new Set(mx.map((r) => (r.type === 'MX' ? r.data.exchange : ''))).size, 20);
  assert.deepEqual(mx[3], { name: domainName(3), type: 'MX', data: { preference: 10, exchange: `mx.${domainName(3)}` } });
  const servers = new Set(scenario.dns.records.filter((r) => 'server' in r).map((r) => ('server' in r ? r.server : '')));
  assert.equal(servers.size, 8);
});

test('shared world: every domain on one of 5 provider hosts', () => {
  const scenario = benchScenario('shared', 20);
  assert.equal(Object.keys(scenario.servers).length, 5);
  const exchanges = scenario.dns.records.flatMap((r) => (r.type === 'MX' ? [r.data.exchange] : []));
  assert.equal(exchanges.length, 20);
  assert.equal(new Set(exchanges).size, 5);
});
