/**
 * One bench run of the checker, in a fresh process so that its peak RSS (maxRSS is per process
 * and only grows) belongs to this run alone. Usage: `checker-child.js '<CheckerJob JSON>'`.
 * Builds the context exactly as the CLI does (makeRunContext, default timeouts, the test root as
 * --ca-file), checks every domain with runBatch, keeps every result (as the CLI does for
 * rendering), and sends one CheckerOutcome to the parent over IPC.
 */
import { DEFAULT_POLITENESS, DEFAULT_TIMEOUTS } from '../src/model/limits.js';
import type { DomainResult } from '../src/model/report.js';
import type { SettingName } from '../src/model/settings.js';
import { runBatch } from '../src/run/batch.js';
import { targetFromText } from '../src/run/check-domain.js';
import { makeRunContext } from '../src/run/run-context.js';
import { pkiPath } from '../src/world/fixtures.js';
import type { Shape } from './options.js';
import { domainName } from './world-spec.js';

export interface CheckerJob {
  shape: Shape;
  n: number;
  dnsPort: number;
  smtpPort: number;
  perAddress: number;
  concurrency: number;
}

export interface VerdictCounts {
  delivered: number;
  notDelivered: number;
  undetermined: number;
}

export interface CheckerOutcome {
  /** makeRunContext + runBatch, ms. */
  wallMs: number;
  /** process.resourceUsage().maxRSS at the end (results still held), kB. */
  maxRssKb: number;
  /** CPU time of the checker (user + system), ms. */
  cpuMs: number;
  /** Distinct (address, MX host) pairs in the results. */
  probes: number;
  verdicts: Partial<Record<SettingName, VerdictCounts>>;
  /** Reasons of undetermined verdicts under `required`, counted (should stay empty). */
  undeterminedReasons: Record<string, number>;
}

const TALLIED: readonly SettingName[] = ['required', 'required-verify'];

function tally(results: readonly DomainResult[]): Pick<CheckerOutcome, 'probes' | 'verdicts' | 'undeterminedReasons'> {
  const pairs = new Set<string>();
  const verdicts: Partial<Record<SettingName, VerdictCounts>> = {};
  const undeterminedReasons: Record<string, number> = {};
  for (const setting of TALLIED) verdicts[setting] = { delivered: 0, notDelivered: 0, undetermined: 0 };
  for (const result of results) {
    for (const host of result.mx) for (const address of host.addresses) pairs.add(`${address.address}|${host.host}`);
    for (const setting of TALLIED) {
      const verdict = result.settings[setting];
      const counts = verdicts[setting] as VerdictCounts;
      if (verdict.deliverable === true) counts.delivered += 1;
      else if (verdict.deliverable === false) counts.notDelivered += 1;
      else counts.undetermined += 1;
    }
    if (result.settings.required.deliverable === null) {
      for (const reason of result.settings.required.reasons) undeterminedReasons[reason] = (undeterminedReasons[reason] ?? 0) + 1;
    }
  }
  return { probes: pairs.size, verdicts, undeterminedReasons };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as CheckerJob;
  const targets = Array.from({ length: job.n }, (_, i) => targetFromText(domainName(i), `argument ${i + 1}`, i));
  const started = performance.now();
  const ctx = makeRunContext({
    servers: [{ host: '127.0.0.1', port: job.dnsPort }],
    port: job.smtpPort,
    caFiles: [pkiPath('root.pem')],
    helo: 'tlscheck.invalid',
    timeouts: DEFAULT_TIMEOUTS,
    families: new Set<4 | 6>([4, 6]),
    politeness: { ...DEFAULT_POLITENESS, perAddressConnections: job.perAddress },
  });
  const { results } = await runBatch(targets, ctx, { concurrency: job.concurrency });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage();
  const outcome: CheckerOutcome = {
    wallMs,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    ...tally(results),
  };
  process.send?.(outcome, () => process.disconnect());
}

main().catch((error: unknown) => {
  process.stderr.write(`bench checker: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
