/**
 * One bench run of the checker, in a fresh process so that its peak RSS (maxRSS is per process
 * and only grows) belongs to this run alone. Usage: `checker-child.js '<CheckerJob JSON>'`.
 * Runs the CLI itself (`main` of src/cli/main.ts, as bin/tlscheck.js does) on a target file, with
 * the report in --format json or ndjson written to a file, so the figures include reading the
 * input, keeping or streaming the results and rendering them. The verdicts are tallied from that
 * file afterwards (after maxRSS and the CPU time are taken), and one CheckerOutcome goes to the
 * parent over IPC.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { keepHeapNearLive, main } from '../src/cli/main.js';
import type { DomainResult } from '../src/model/report.js';
import type { SettingName } from '../src/model/settings.js';
import { pkiPath } from '../src/world/fixtures.js';
import type { BenchFormat, Shape } from './options.js';
import { domainName } from './world-spec.js';

export interface CheckerJob {
  shape: Shape;
  n: number;
  format: BenchFormat;
  dnsPort: number;
  smtpPort: number;
  perAddress: number;
  concurrency: number;
  /** `--shard i/n`: check this shard's share of the N domains only. */
  shard?: string;
}

export interface VerdictCounts {
  delivered: number;
  notDelivered: number;
  undetermined: number;
}

export interface CheckerOutcome {
  /** The CLI's main(), from reading the targets to the report closed, ms. */
  wallMs: number;
  /** process.resourceUsage().maxRSS at the end, kB. */
  maxRssKb: number;
  /** CPU time of the checker (user + system), ms. */
  cpuMs: number;
  /** The CLI's exit code. */
  exitCode: number;
  /** The last line the CLI wrote on stderr (the gate's or the rate line), if any. */
  lastStderrLine: string;
  /** Results in the report. */
  results: number;
  /** Distinct (address, MX host) pairs in the results. */
  probes: number;
  verdicts: Partial<Record<SettingName, VerdictCounts>>;
  /** Reasons of undetermined verdicts under `required`, counted (should stay empty). */
  undeterminedReasons: Record<string, number>;
}

const TALLIED: readonly SettingName[] = ['required', 'required-verify'];

type Tally = Pick<CheckerOutcome, 'results' | 'probes' | 'verdicts' | 'undeterminedReasons'>;

function newTally(): Tally & { pairs: Set<string> } {
  const verdicts: Partial<Record<SettingName, VerdictCounts>> = {};
  for (const setting of TALLIED) verdicts[setting] = { delivered: 0, notDelivered: 0, undetermined: 0 };
  return { results: 0, probes: 0, verdicts, undeterminedReasons: {}, pairs: new Set() };
}

function count(tally: ReturnType<typeof newTally>, result: DomainResult): void {
  tally.results += 1;
  for (const host of result.mx) for (const address of host.addresses) tally.pairs.add(`${address.address}|${host.host}`);
  for (const setting of TALLIED) {
    const verdict = result.settings[setting];
    const counts = tally.verdicts[setting] as VerdictCounts;
    if (verdict.deliverable === true) counts.delivered += 1;
    else if (verdict.deliverable === false) counts.notDelivered += 1;
    else counts.undetermined += 1;
  }
  if (result.settings.required.deliverable === null) {
    for (const reason of result.settings.required.reasons) tally.undeterminedReasons[reason] = (tally.undeterminedReasons[reason] ?? 0) + 1;
  }
}

async function tallyReport(path: string, format: BenchFormat): Promise<Tally> {
  const tally = newTally();
  if (format === 'json') {
    for (const result of (JSON.parse(readFileSync(path, 'utf8')) as { results: DomainResult[] }).results) count(tally, result);
  } else {
    for await (const line of createInterface({ input: createReadStream(path) })) {
      // The last line is the rest of the report (type "report"), not a result.
      const parsed = line ? (JSON.parse(line) as DomainResult & { type?: string }) : null;
      if (parsed && parsed.type !== 'report') count(tally, parsed);
    }
  }
  const { pairs, ...rest } = tally;
  return { ...rest, probes: pairs.size };
}

/** Collects what the CLI writes on stderr (warnings, the gate line), to keep the last line. */
function collector(): { stream: Writable; lastLine: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text = (text + chunk.toString('utf8')).slice(-2000);
      done();
    },
  });
  return { stream, lastLine: () => text.trim().split('\n').pop() ?? '' };
}

async function run(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as CheckerJob;
  const dir = mkdtempSync(join(tmpdir(), 'tlscheck-bench-'));
  try {
    const input = join(dir, 'domains.txt');
    writeFileSync(input, Array.from({ length: job.n }, (_, i) => `${domainName(i)}\n`).join(''));
    const output = join(dir, `report.${job.format}`);
    const argv = [
      ...['-f', input, '--format', job.format, '--output', output],
      ...['--resolver', `127.0.0.1:${job.dnsPort}`, '--port', String(job.smtpPort), '--ca-file', pkiPath('root.pem')],
      ...['--concurrency', String(job.concurrency), '--per-address', String(job.perAddress), '--helo', 'tlscheck.invalid'],
      ...(job.shard ? ['--shard', job.shard] : []),
    ];
    const stderr = collector();
    const io = { stdin: process.stdin, stdout: process.stdout, stderr: stderr.stream, env: { CI: '1' } };
    keepHeapNearLive(); // as bin/tlscheck.js does
    const started = performance.now();
    const exitCode = await main(argv, io);
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage();
    const maxRssKb = process.resourceUsage().maxRSS;
    const outcome: CheckerOutcome = {
      wallMs,
      maxRssKb,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      exitCode,
      lastStderrLine: stderr.lastLine(),
      ...(await tallyReport(output, job.format)),
    };
    process.send?.(outcome, () => process.disconnect());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`bench checker: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
