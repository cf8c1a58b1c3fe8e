/**
 * The Email Log File figures of `npm run bench`, each in a fresh process so its peak RSS is its
 * own: writes a gzip-compressed log of `rows` rows (5,000 domains, three D rows per message of
 * which one internal hop, CC recipients, T and P rows with a Delivery Stage, warm-up rows) to a
 * temporary file in one process; reads it with readEmailLogs as the CLI does in another; and runs
 * the whole offline report (`tlscheck --no-probe --email-log <file>`, through the CLI's main, the
 * report rendered and thrown away) in a third. Each prints one JSON line of figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { main as tlscheck } from '../src/cli/main.js';
import { readEmailLogs } from '../src/input/email-log.js';

const HEADER =
  'Date/Time,Internal Message ID,Mail Event,Recipient,Sender,Remote Host,Bytes Transferred,User ID,Message ID Header,Retry Count,Seconds in Queue,Delivery Stage,Relay Address,TLS_Cipher,TLS_Verified\n';

export function generateLog(rows: number): string {
  const lines = [HEADER];
  let written = 0;
  for (let m = 0; written < rows; m++) {
    const minute = m % 60;
    const time = `5/${1 + (Math.floor(m / 1440) % 7)}/2024 ${Math.floor(m / 60) % 24}:${String(minute).padStart(2, '0')}`;
    const recipient = `user${m % 97}@domain${m % 5000}.test`;
    const id = `0Lm${m.toString(36)}`;
    const cipher = m % 10 === 0 ? ':' : 'TLSv1.2:ECDHE-RSA-AES256-GCM-SHA384';
    const event = m % 50 === 0 ? 'T' : m % 77 === 0 ? 'P' : 'D';
    const to = m % 1000 === 0 ? 'warmup@na1.siterelay.mta.salesforce.com' : recipient;
    const rest = `noreply@org.test,10.1.2.3,2048,005000000000001,<${id}@sf.test>,0,2,,relay.test`;
    lines.push(`${time},${id},D,${to},${rest},None,\n`);
    const failed = event === 'D' ? rest : rest.replace(',0,2,,', `,1,2,during ${m % 3 === 0 ? 'connect' : 'RCPT TO'},`);
    lines.push(`${time},${id},${event},${to},${failed},${event === 'D' ? cipher : ''},${event === 'D' ? 'Unverified' : ''}\n`);
    lines.push(`${time},${id},D,cc${m % 13}@other${m % 300}.test,${rest},${cipher},Verified\n`);
    written += 3;
  }
  return lines.join('');
}

/** What one measured step took: wall time, CPU time (user + system) and peak RSS of this process. */
export interface LogFigures {
  /** Rows read (read mode). */
  rows: number;
  domains: number;
  /** Characters of the rendered report (offline mode). */
  reportChars: number;
  ms: number;
  cpuMs: number;
  maxRssKb: number;
}

/** A stdout that keeps nothing: the report is rendered, counted and dropped. */
function sink(): Writable & { chars: number } {
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        out.chars += chunk.length;
        done();
      },
    }),
    { chars: 0 },
  );
  return out;
}

/**
 * `write <rows>` prints the path of a new temporary log; `read <path>` reads it with
 * readEmailLogs; `offline <path> <format>` runs `tlscheck --no-probe --email-log <path> --format
 * <format>`; `remove <path>` deletes the log. The measuring modes print their figures.
 */
async function main(): Promise<void> {
  const [mode, arg, format] = process.argv.slice(2);
  if (mode === 'write') {
    const path = join(mkdtempSync(join(tmpdir(), 'tlscheck-bench-log-')), 'log.csv.gz');
    writeFileSync(path, gzipSync(generateLog(Number(arg))));
    process.stdout.write(`${path}\n`);
    return;
  }
  if (mode === 'remove') {
    rmSync(dirname(arg!), { recursive: true, force: true });
    return;
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rows = 0;
  let domains = 0;
  let reportChars = 0;
  if (mode === 'read') {
    const logs = await readEmailLogs([arg!], new PassThrough());
    domains = [...logs.tally.entries()].length;
    rows = logs.tally.counts.rows + logs.tally.counts.warmUp;
  } else {
    const stdout = sink();
    const code = await tlscheck(['--no-probe', '--email-log', arg!, '--format', format ?? 'json'], {
      stdin: new PassThrough(),
      stdout,
      stderr: sink(),
      env: {},
    });
    if (code !== 0) throw new Error(`tlscheck --no-probe exited ${code}`);
    reportChars = stdout.chars;
  }
  const used = process.cpuUsage(cpu);
  const figures: LogFigures = {
    rows,
    domains,
    reportChars,
    ms: performance.now() - started,
    cpuMs: (used.user + used.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

if (process.argv[1]?.endsWith('log-child.js')) await main();
