/**
 * The bench's command line: `--n 1000,10000 --runs 3 --shape own-mx,shared --per-address 2,16
 * --concurrency 256 --stream-n 100000 --stream-shape own-mx --startup-runs 10 --cores-n 5000
 * --log-rows 500000`. Hand-parsed (no commander): the bench is a dev tool with ten flags. A size
 * of 0 leaves its cases out (`--n 0 --stream-n 0 --cores-n 0 --log-rows 0`: the start-up only).
 */
import { DEFAULT_POLITENESS } from '../src/model/limits.js';

/**
 * own-mx: every domain has its own MX host name, all on a handful of servers, so every domain is
 * one probe with its own TLS handshake. shared: every domain uses one of a few provider MX hosts,
 * so the run is N DNS lookups and a handful of probes.
 */
export type Shape = 'own-mx' | 'shared';
export const SHAPES: readonly Shape[] = ['own-mx', 'shared'];

/** The report formats the bench runs the CLI with: json keeps every result, ndjson streams them. */
export type BenchFormat = 'json' | 'ndjson';

export interface BenchOptions {
  sizes: number[];
  runs: number;
  shapes: Shape[];
  /** Per-address connection limits to run the own-mx shape with; the first is the default one. */
  perAddress: number[];
  /** Domains in flight (runBatch's concurrency). */
  concurrency: number;
  /** N of the streaming (ndjson, own-mx) cases, run besides the json ones; empty for none. */
  streamSizes: number[];
  /** The shape of the streaming cases (own-mx fills every cache: a host, a probe and a chain per domain). */
  streamShape: Shape;
  /** Side-by-side start-up runs of `node -e 0` and `tlscheck <one domain>`; 0 for none. */
  startupRuns: number;
  /** N of the both-cores case (one process, then two --shard processes at once, on one world); 0 for none. */
  coresN: number;
  /** Rows of the Email Log File figure; 0 for none. */
  logRows: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  sizes: [1_000, 10_000],
  runs: 3,
  shapes: [...SHAPES],
  perAddress: [DEFAULT_POLITENESS.perAddressConnections, 16],
  concurrency: 256,
  streamSizes: [100_000],
  streamShape: 'own-mx',
  startupRuns: 10,
  coresN: 5_000,
  logRows: 500_000,
};

export const USAGE = `usage: npm run bench -- [--n 1000,10000|0] [--runs 3] [--shape own-mx,shared] [--per-address 2,16] [--concurrency 256] [--stream-n 100000|0] [--stream-shape own-mx] [--startup-runs 10|0] [--cores-n 5000|0] [--log-rows 500000|0]`;

/** A whole number 0..max: 0 turns the cases off. */
function sizeOrNone(flag: string, text: string, max: number): number {
  return text === '0' ? 0 : (positiveList(flag, text, max)[0] as number);
}

function positiveList(flag: string, text: string, max: number): number[] {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1 || v > max)) {
    throw new Error(`${flag}: expected whole numbers 1..${max} separated by commas, got ${JSON.stringify(text)}`);
  }
  return values;
}

function shapeList(text: string): Shape[] {
  const values = text.split(',').map((part) => part.trim());
  const bad = values.filter((v) => !(SHAPES as readonly string[]).includes(v));
  if (bad.length > 0) throw new Error(`--shape: unknown ${bad.join(', ')} (known: ${SHAPES.join(', ')})`);
  return values as Shape[];
}

/** Parses argv (without node and the script); throws an Error with a one-line message on bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag}: missing value\n${USAGE}`);
    switch (flag) {
      case '--n':
        options.sizes = value === '0' ? [] : positiveList(flag, value, 1_000_000);
        break;
      case '--runs':
        options.runs = positiveList(flag, value, 100)[0] as number;
        break;
      case '--shape':
        options.shapes = shapeList(value);
        break;
      case '--per-address':
        options.perAddress = positiveList(flag, value, 1_000);
        break;
      case '--concurrency':
        options.concurrency = positiveList(flag, value, 100_000)[0] as number;
        break;
      case '--stream-n':
        options.streamSizes = value === '0' ? [] : positiveList(flag, value, 1_000_000);
        break;
      case '--stream-shape':
        options.streamShape = shapeList(value)[0] as Shape;
        break;
      case '--startup-runs':
        options.startupRuns = sizeOrNone(flag, value, 1_000);
        break;
      case '--cores-n':
        options.coresN = sizeOrNone(flag, value, 1_000_000);
        break;
      case '--log-rows':
        options.logRows = sizeOrNone(flag, value, 10_000_000);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  return options;
}
