/**
 * The Email Log File figure of `npm run bench`, in a fresh process so its peak RSS is the
 * reader's alone: writes a gzip-compressed log of `rows` rows (5,000 domains, three D rows per
 * message of which one internal hop, CC recipients, T and P rows, warm-up rows) to a temporary
 * file in one process, reads it with readEmailLogs as the CLI does in another, and prints one JSON
 * line of figures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
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
    lines.push(`${time},${id},${event},${to},${rest},${event === 'D' ? cipher : ''},${event === 'D' ? 'Unverified' : ''}\n`);
    lines.push(`${time},${id},D,cc${m % 13}@other${m % 300}.test,${rest},${cipher},Verified\n`);
    written += 3;
  }
  return lines.join('');
}

/** `write <rows>` prints the path of a new temporary log; `read <path>` prints the figures and removes it. */
async function main(): Promise<void> {
  const [mode, arg] = process.argv.slice(2);
  if (mode === 'write') {
    const path = join(mkdtempSync(join(tmpdir(), 'tlscheck-bench-log-')), 'log.csv.gz');
    writeFileSync(path, gzipSync(generateLog(Number(arg))));
    process.stdout.write(`${path}\n`);
    return;
  }
  try {
    const started = performance.now();
    const logs = await readEmailLogs([arg!], new PassThrough());
    const ms = performance.now() - started;
    const domains = [...logs.tally.entries()].length;
    const rows = logs.tally.counts.rows + logs.tally.counts.warmUp;
    process.stdout.write(`${JSON.stringify({ rows, domains, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } finally {
    rmSync(dirname(arg!), { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('log-child.js')) await main();
