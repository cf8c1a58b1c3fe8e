/**
 * Both cores: does splitting one run into two `--shard` processes at once make it faster on this
 * machine? Each run starts one own-mx world and checks the same N domains on it twice (ndjson,
 * the raised per-address limit): once in one process, once as `--shard 1/2` and `--shard 2/2` in
 * parallel (the time of the slower). Which goes first alternates between runs. The world, the
 * servers' side of every TLS handshake, runs on the same cores, which bounds the gain here; against
 * real servers elsewhere a run waits on the network more than on its CPU.
 */
import { runCheckerProcess, startWorldProcess } from './children.js';
import type { CheckerJob, CheckerOutcome } from './checker-child.js';
import { median } from './report.js';

export interface CoresCase {
  n: number;
  runs: number;
  perAddress: number;
  concurrency: number;
}

interface CoresRun {
  singleMs: number;
  shardsMs: number;
  singleCpuMs: number;
  shardsCpuMs: number;
  worldCpuMs: number;
  results: { single: number; shards: number };
}

async function oneRun(c: CoresCase, shardsFirst: boolean): Promise<CoresRun> {
  const world = await startWorldProcess('own-mx', c.n);
  try {
    const job = (shard?: string): CheckerJob => ({
      shape: 'own-mx',
      n: c.n,
      format: 'ndjson',
      dnsPort: world.dnsPort,
      smtpPort: world.smtpPort,
      perAddress: c.perAddress,
      concurrency: c.concurrency,
      ...(shard ? { shard } : {}),
    });
    const single = () => runCheckerProcess(job());
    const shards = () => Promise.all([runCheckerProcess(job('1/2')), runCheckerProcess(job('2/2'))]);
    let one: CheckerOutcome;
    let two: CheckerOutcome[];
    if (shardsFirst) {
      two = await shards();
      one = await single();
    } else {
      one = await single();
      two = await shards();
    }
    return {
      singleMs: one.wallMs,
      shardsMs: Math.max(...two.map((o) => o.wallMs)),
      singleCpuMs: one.cpuMs,
      shardsCpuMs: two.reduce((sum, o) => sum + o.cpuMs, 0),
      worldCpuMs: (await world.stats()).cpuMs,
      results: { single: one.results, shards: two.reduce((sum, o) => sum + o.results, 0) },
    };
  } finally {
    await world.stop();
  }
}

export async function bothCoresFigures(c: CoresCase): Promise<string[]> {
  const runs: CoresRun[] = [];
  for (let run = 0; run < c.runs; run += 1) {
    const figures = await oneRun(c, run % 2 === 1);
    runs.push(figures);
    process.stderr.write(
      `  both cores N=${c.n} run ${run + 1}/${c.runs}: one process ${(figures.singleMs / 1000).toFixed(1)} s, two shards ${(figures.shardsMs / 1000).toFixed(1)} s\n`,
    );
  }
  const single = median(runs.map((r) => r.singleMs)) / 1000;
  const shards = median(runs.map((r) => r.shardsMs)) / 1000;
  const cpu = (pick: (r: CoresRun) => number) => (median(runs.map(pick)) / 1000).toFixed(1);
  const last = runs[runs.length - 1] as CoresRun;
  return [
    `both cores (own-mx, N=${c.n.toLocaleString('en-US')}, ndjson, per-address ${c.perAddress}, ${c.concurrency} in flight, one world; ${c.runs === 1 ? 'one run' : `medians of ${c.runs} runs, the order alternating`}): ` +
      `one process ${single.toFixed(2)} s (${Math.round(c.n / single)} domains/s); ` +
      `two --shard processes in parallel ${shards.toFixed(2)} s (${Math.round(c.n / shards)} domains/s); speed-up ${(single / shards).toFixed(2)}x`,
    `  CPU s, medians: one process ${cpu((r) => r.singleCpuMs)}, the two shards together ${cpu((r) => r.shardsCpuMs)}, ` +
      `the world (both cases) ${cpu((r) => r.worldCpuMs)}; results in the last run: ${last.results.single} and ${last.results.shards} (of ${c.n})`,
  ];
}
