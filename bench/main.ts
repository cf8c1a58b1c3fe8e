/**
 * `npm run bench`: builds a synthetic mail world on loopback at scale and prints how fast the
 * checker gets through it. Not a test: it asserts nothing, it prints. Each run is two fresh
 * processes, the world (DNS + SMTP servers) and the checker (runBatch + makeRunContext as the CLI
 * uses them), so the peak RSS is the checker's alone and both cores work, as in a deployment
 * where the servers are elsewhere. Progress goes to stderr, the figures to stdout.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_POLITENESS } from '../src/model/limits.js';
import { bothCoresFigures } from './both-cores.js';
import { runCheckerProcess, startWorldProcess } from './children.js';
import { parseBenchOptions, type BenchFormat, type BenchOptions, type Shape } from './options.js';
import { loadLine, machineLine, sanityLines, table, targetsLine, type CaseFigures, type RunFigures } from './report.js';
import { startupFigures } from './startup.js';
import { SERVER_COUNT } from './world-spec.js';
import type { LogFigures } from './log-child.js';

interface Case {
  shape: Shape;
  n: number;
  perAddress: number;
  format: BenchFormat;
}

/**
 * Every (shape, N, per-address limit) with the json report, which keeps every result. The shared
 * shape probes each of its few addresses once, so the per-address limit cannot matter there: it
 * runs with the first (default) limit only. Then the streaming cases: ndjson, by default own-mx (a
 * distinct MX host, probe and certificate per domain: what fills the caches), at each --stream-n.
 */
function casesOf(options: BenchOptions): Case[] {
  const cases: Case[] = [];
  for (const shape of options.shapes) {
    for (const n of options.sizes) {
      const limits = shape === 'shared' ? options.perAddress.slice(0, 1) : options.perAddress;
      for (const perAddress of limits) cases.push({ shape, n, perAddress, format: 'json' });
    }
  }
  for (const n of options.streamSizes)
    cases.push({ shape: options.streamShape, n, perAddress: options.perAddress[0] as number, format: 'ndjson' });
  return cases;
}

async function oneRun(c: Case, concurrency: number): Promise<RunFigures> {
  const world = await startWorldProcess(c.shape, c.n);
  try {
    const outcome = await runCheckerProcess({ ...c, dnsPort: world.dnsPort, smtpPort: world.smtpPort, concurrency });
    return { outcome, world: await world.stats(), worldStartMs: world.startMs };
  } finally {
    await world.stop();
  }
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const loadBefore = loadLine('before');
  const figures: CaseFigures[] = [];
  for (const c of casesOf(options)) {
    const runs: RunFigures[] = [];
    for (let run = 1; run <= options.runs; run += 1) {
      const figures = await oneRun(c, options.concurrency);
      runs.push(figures);
      const rate = Math.round(c.n / (figures.outcome.wallMs / 1000));
      process.stderr.write(
        `  ${c.format} ${c.shape} N=${c.n} per-address ${c.perAddress} run ${run}/${options.runs}: ${rate} domains/s, ${Math.round(figures.outcome.maxRssKb / 1024)} MB\n`,
      );
    }
    figures.push({ ...c, isDefault: c.perAddress === DEFAULT_POLITENESS.perAddressConnections, runs });
  }
  // Measured before the lines are put together, so that "after" is after every part.
  const cores = options.coresN > 0 ? [...(await bothCoresFigures(coresCase(options))), ''] : [];
  const startup = options.startupRuns > 0 ? [...(await startupFigures(options.startupRuns)), ''] : [];
  const log = options.logRows > 0 ? [logFigure(options.logRows), ''] : [];
  const lines = [
    machineLine(),
    `${loadBefore}; ${loadLine('after')}`,
    `runs per case: ${options.runs} (median, min–max); ${options.concurrency} domains in flight; default timeouts; every run in fresh processes`,
    'domains/s = N / wall time of the CLI (main(): read the target file, check, write the report to a file) in the checker process; peak RSS = its maxRSS; CPU = user + system of each process',
    `worlds: own-mx = ${SERVER_COUNT['own-mx']} SMTP servers on 127.0.0.2..${1 + SERVER_COUNT['own-mx']}, each domain its own MX host name (one probe with a TLS handshake per domain); shared = ${SERVER_COUNT.shared} provider MX hosts`,
    targetsLine(),
    '',
    ...(figures.length > 0 ? [table(figures), '', ...sanityLines(figures), ''] : []),
    ...cores,
    ...startup,
    ...log,
    `bench took ${((performance.now() - started) / 1000).toFixed(0)} s`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Both cores at --cores-n domains, with the last (raised) --per-address limit, 16 by default, and --concurrency. */
function coresCase(options: BenchOptions) {
  return {
    n: options.coresN,
    runs: options.runs,
    perAddress: options.perAddress[options.perAddress.length - 1] as number,
    concurrency: options.concurrency,
  };
}

/** The target for one 500,000-row Email Log File (--log-rows): read within a few seconds, in flat memory. */
const LOG_TARGET_MS = 5_000;
const LOG_TARGET_RSS_MB = 300;

function logFigure(rows: number): string {
  process.stderr.write(`  email log: ${rows} rows\n`);
  const child = fileURLToPath(new URL('./log-child.js', import.meta.url));
  const run = (...args: string[]) => execFileSync(process.execPath, [child, ...args], { encoding: 'utf8' }).trim();
  const path = run('write', String(rows));
  try {
    const read = JSON.parse(run('read', path)) as LogFigures;
    const offline = (format: string) => JSON.parse(run('offline', path, format)) as LogFigures;
    const [json, table] = [offline('json'), offline('table')];
    const line = (what: string, out: LogFigures) => {
      const rssMb = Math.round(out.maxRssKb / 1024);
      const met = out.ms <= LOG_TARGET_MS && rssMb < LOG_TARGET_RSS_MB ? 'yes' : 'NO';
      return (
        `  ${what}: ${(out.ms / 1000).toFixed(2)} s (CPU ${(out.cpuMs / 1000).toFixed(2)} s), peak RSS ${rssMb} MB; ` +
        `target <= ${LOG_TARGET_MS / 1000} s and < ${LOG_TARGET_RSS_MB} MB: ${met}`
      );
    };
    return [
      `email log (gzip, ${read.rows.toLocaleString('en-US')} rows, ${read.domains.toLocaleString('en-US')} domains), each in a fresh process:`,
      line('read by readEmailLogs', read),
      line('offline report, tlscheck --no-probe --format json', json),
      line('offline report, tlscheck --no-probe (table)', table),
    ].join('\n');
  } finally {
    run('remove', path);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 70;
});
