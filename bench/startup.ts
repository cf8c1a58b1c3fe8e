/**
 * One domain, fast: the CPU time of `tlscheck <one domain>` (the published bin/tlscheck.js, a
 * full check with a TLS handshake against a one-domain bench world) next to `node -e 0` on the
 * same machine, run alternately so all see the same load. Target (issue 15): within 1.5x. Beside
 * them, the floor: bare-check.cjs, the same lookups and handshake with nothing else, which is what
 * any check in Node costs before tlscheck's own work.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pkiPath } from '../src/world/fixtures.js';
import { startWorldProcess } from './children.js';
import { median } from './report.js';
import { domainName } from './world-spec.js';

const PRELOAD = fileURLToPath(new URL('./cpu-at-exit.cjs', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/tlscheck.js', import.meta.url));
const BARE = fileURLToPath(new URL('./bare-check.cjs', import.meta.url));
export const STARTUP_TARGET_RATIO = 1.5;

interface Figures {
  cpuMs: number;
  wallMs: number;
}

function measure(args: string[], file: string): Figures {
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--require', PRELOAD, ...args], {
    env: { ...process.env, TLSCHECK_BENCH_CPU_FILE: file, CI: '1' },
    encoding: 'utf8',
  });
  const wallMs = performance.now() - started;
  if (child.error) throw child.error;
  const { cpuMs } = JSON.parse(readFileSync(file, 'utf8')) as { cpuMs: number };
  return { cpuMs, wallMs };
}

export async function startupFigures(runs: number): Promise<string[]> {
  process.stderr.write(`  start-up: ${runs} runs each of node -e 0 and tlscheck ${domainName(0)}\n`);
  const world = await startWorldProcess('own-mx', 1);
  const dir = mkdtempSync(join(tmpdir(), 'tlscheck-startup-'));
  try {
    const file = join(dir, 'cpu.json');
    const cli = [
      BIN,
      domainName(0),
      '--resolver',
      `127.0.0.1:${world.dnsPort}`,
      '--port',
      String(world.smtpPort),
      '--ca-file',
      pkiPath('root.pem'),
    ];
    const bare = [BARE, domainName(0), String(world.dnsPort), String(world.smtpPort), pkiPath('root.pem')];
    const node: Figures[] = [];
    const floor: Figures[] = [];
    const tlscheck: Figures[] = [];
    for (let run = 0; run < runs; run += 1) {
      node.push(measure(['-e', '0'], file));
      floor.push(measure(bare, file));
      tlscheck.push(measure(cli, file));
    }
    const cpu = (figures: Figures[]): number => median(figures.map((f) => f.cpuMs));
    const wall = (figures: Figures[]): string => `${median(figures.map((f) => f.wallMs)).toFixed(0)} ms wall`;
    const ratio = cpu(tlscheck) / cpu(node);
    const met = ratio <= STARTUP_TARGET_RATIO ? 'yes' : 'NO';
    return [
      `start-up (medians of ${runs} alternate runs, CPU = user + system of the process): ` +
        `node -e 0 ${cpu(node).toFixed(0)} ms CPU (${wall(node)}); ` +
        `tlscheck ${domainName(0)} (one domain, one TLS handshake) ${cpu(tlscheck).toFixed(0)} ms CPU (${wall(tlscheck)}); ` +
        `${ratio.toFixed(2)}x ; target <= ${STARTUP_TARGET_RATIO}x: ${met}`,
      `  floor: bench/bare-check.cts (the same lookups and handshake, nothing judged or rendered) ` +
        `${cpu(floor).toFixed(0)} ms CPU (${wall(floor)}), ${(cpu(floor) / cpu(node)).toFixed(2)}x node -e 0; ` +
        `tlscheck is ${(cpu(tlscheck) / cpu(floor)).toFixed(2)}x the floor`,
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await world.stop();
  }
}
