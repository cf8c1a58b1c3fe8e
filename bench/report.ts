/**
 * The bench's printout: the machine, then one Markdown table row per case (median of the runs,
 * with min-max), then one line per case saying what the checker concluded, so a run that only
 * measured timeouts cannot pass for a fast one.
 */
import os from 'node:os';
import type { CheckerOutcome, VerdictCounts } from './checker-child.js';
import type { BenchFormat, Shape } from './options.js';
import type { WorldStats } from './world-child.js';

export interface RunFigures {
  outcome: CheckerOutcome;
  world: WorldStats;
  worldStartMs: number;
}

export interface CaseFigures {
  shape: Shape;
  n: number;
  perAddress: number;
  format: BenchFormat;
  /** Whether perAddress is DEFAULT_POLITENESS's. */
  isDefault: boolean;
  runs: RunFigures[];
}

/** The targets on a 2-core machine, at TARGET_N domains. */
export const TARGET_RATE: Record<Shape, number> = { 'own-mx': 300, shared: 3_000 };
export const TARGET_N = 10_000;
/** Peak RSS targets (issue 15): json keeps every result, at TARGET_N; ndjson streams them, at STREAM_TARGET_N. */
export const TARGET_RSS_MB: Record<BenchFormat, number> = { json: 200, ndjson: 150 };
export const STREAM_TARGET_N = 100_000;

export function machineLine(): string {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `machine: ${model} x ${cpus.length} cores, ${memory} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** The 1-minute load average: figures taken on a busy machine are slower and noisier. */
export function loadLine(when: string): string {
  return `load average ${when}: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** The median (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function spread(values: readonly number[], digits: number): string {
  const s = sorted(values);
  const fmt = (v: number): string => v.toFixed(digits);
  return s.length === 1 ? fmt(s[0] as number) : `${fmt(median(s))} (${fmt(s[0] as number)}–${fmt(s[s.length - 1] as number)})`;
}

const rate = (run: RunFigures, n: number): number => n / (run.outcome.wallMs / 1000);
const rssMb = (run: RunFigures): number => run.outcome.maxRssKb / 1024;

function targetsMet(c: CaseFigures): string {
  const okRss = Math.max(...c.runs.map(rssMb)) < TARGET_RSS_MB[c.format] ? 'yes' : 'NO';
  if (c.format === 'ndjson') return c.n === STREAM_TARGET_N ? `– / ${okRss}` : '–';
  if (c.n !== TARGET_N) return '–';
  const okRate = median(c.runs.map((r) => rate(r, c.n))) >= TARGET_RATE[c.shape];
  return `${okRate ? 'yes' : 'NO'} / ${okRss}`;
}

const HEADER = [
  'format',
  'shape',
  'N',
  'per-address',
  'domains/s median (min–max)',
  'wall s',
  'peak RSS MB',
  'checker CPU s',
  'world CPU s',
  'probes',
  'SMTP conns',
  'DNS queries',
  `targets met (rate / RSS)`,
];

function row(c: CaseFigures): string[] {
  const runs = c.runs;
  const last = runs[runs.length - 1] as RunFigures;
  return [
    c.format,
    c.shape,
    c.n.toLocaleString('en-US'),
    c.isDefault ? `${c.perAddress} (default)` : `${c.perAddress} (raised)`,
    spread(
      runs.map((r) => rate(r, c.n)),
      0,
    ),
    spread(
      runs.map((r) => r.outcome.wallMs / 1000),
      2,
    ),
    spread(runs.map(rssMb), 0),
    spread(
      runs.map((r) => r.outcome.cpuMs / 1000),
      1,
    ),
    spread(
      runs.map((r) => r.world.cpuMs / 1000),
      1,
    ),
    String(last.outcome.probes),
    String(last.world.smtpConnections),
    String(last.world.dnsQueries),
    targetsMet(c),
  ];
}

export function table(cases: readonly CaseFigures[]): string {
  const rows = [HEADER, HEADER.map(() => '---'), ...cases.map(row)];
  return rows.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

function counts(label: string, v: VerdictCounts | undefined): string {
  return v ? `${label} ${v.delivered} delivered / ${v.notDelivered} not / ${v.undetermined} undetermined` : '';
}

/** What the last run of each case concluded, and how long its world took to start. */
export function sanityLines(cases: readonly CaseFigures[]): string[] {
  return cases.map((c) => {
    const last = c.runs[c.runs.length - 1] as RunFigures;
    const o = last.outcome;
    const undetermined = Object.entries(o.undeterminedReasons).map(([reason, k]) => `${reason} x${k}`);
    const why = undetermined.length > 0 ? `; undetermined because: ${undetermined.join(', ')}` : '';
    const verdicts = `${counts('required:', o.verdicts.required)}; ${counts('required-verify:', o.verdicts['required-verify'])}`;
    const tail = o.lastStderrLine ? `; last stderr line: ${o.lastStderrLine}` : '';
    return `${c.format} ${c.shape} N=${c.n} per-address ${c.perAddress}: ${o.results} results, exit ${o.exitCode}; ${verdicts}${why}; world started in ${last.worldStartMs} ms${tail}`;
  });
}

export function targetsLine(): string {
  return (
    `targets (2 cores): at N = ${TARGET_N.toLocaleString('en-US')} (json) own-mx >= ${TARGET_RATE['own-mx']} domains/s, shared >= ${TARGET_RATE.shared} domains/s, checker peak RSS < ${TARGET_RSS_MB.json} MB; ` +
    `at N = ${STREAM_TARGET_N.toLocaleString('en-US')} (ndjson) peak RSS < ${TARGET_RSS_MB.ndjson} MB`
  );
}
