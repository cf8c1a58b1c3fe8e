/**
 * The targets of a run, from the command-line arguments and the files given with -f (plain lists,
 * or CSV exports with --column). Every entry is accounted for exactly once: duplicates (after
 * normalisation) are merged and counted, invalid entries are kept with their reason and source.
 * Input that cannot be read at all is an InputError; nothing is printed here.
 */
import type { Target } from '../model/target.js';
import type { DomainTraffic, LogReading } from '../model/traffic.js';
import { readEmailLogs } from './email-log.js';
import { toDomainTraffic } from './traffic-tally.js';
import { TargetCollector } from './collector.js';
import { readCsv, refuseCsvWithoutColumn } from './csv-source.js';
import { readCsvOrList } from './csv-sniff.js';
import { InputError } from './input-error.js';
import { readLines } from './line-source.js';
import { openInput, shownName } from './open-input.js';

export { InputError } from './input-error.js';

export interface InputSpec {
  /** Targets given as arguments, in order. */
  args: string[];
  /** Files given with -f, in order; '-' is stdin. */
  files: string[];
  /**
   * --column: the entries of CSV inputs are in this column. A .csv or .tsv file is CSV; any other
   * input is when its header has the column, else a plain list (with a warning). Null: plain lists.
   */
  column: string | null;
  /** --email-log files, in order; '-' is stdin. Their recipient domains become targets. */
  emailLogs?: string[];
}

export interface InputResult {
  /** In order of first appearance: arguments first, then the files in the order given. */
  targets: Target[];
  /** Per-run remarks, one line each, e.g. "contacts.csv: 12 rows have an empty Email cell (lines 4, 9, ...)". */
  warnings: string[];
  /**
   * Entries read: arguments, list lines and CSV cells that named something (valid or not).
   * Blank lines, comments and empty CSV cells are not entries (empty cells are in `warnings`).
   * Always the sum of the targets' `recipients`.
   */
  entries: number;
  /** Per normalised domain, what the Email Log Files say was sent; empty without --email-log. */
  traffic: Map<string, DomainTraffic>;
  /** Files and rows of the Email Log Files read; null without --email-log. */
  logReading: LogReading | null;
}

const STDIN = '-';
/** Tables that must not be read as one-entry-per-line lists. */
const CSV_NAME = /\.(csv|tsv)$/i;

export async function readTargets(spec: InputSpec, stdin: NodeJS.ReadableStream): Promise<InputResult> {
  if (spec.column !== null && spec.column.trim() === '') throw new InputError('--column needs the name of a column of the CSV header');
  const logs = spec.emailLogs ?? [];
  if ([...spec.files, ...logs].filter((f) => f === STDIN).length > 1) throw new InputError('"-" (standard input) can be given only once');
  const collector = new TargetCollector();
  spec.args.forEach((arg, i) => collector.add(arg.trim(), 'argument', `argument ${i + 1}`));
  const warnings: string[] = [];
  const seen = new Set<string>();
  /** Path first read, by file identity. */
  const files = new Map<string, string>();
  for (const path of spec.files) {
    if (seen.has(path)) {
      // Reading it again would count every recipient in it twice.
      warnings.push(`${shownName(path)} is given more than once; it was read once`);
      continue;
    }
    seen.add(path);
    const input = await openInput(path, stdin);
    const first = input.identity === null ? undefined : files.get(input.identity);
    if (first !== undefined) {
      await input.close();
      warnings.push(`${shownName(path)} is the same file as ${shownName(first)}; it was read once`);
      continue;
    }
    if (input.identity !== null) files.set(input.identity, path);
    try {
      const csvName = path !== STDIN && CSV_NAME.test(path);
      if (spec.column !== null && csvName) warnings.push(...(await readCsv(input, spec.column, collector)));
      else if (spec.column !== null) warnings.push(...(await readCsvOrList(input, spec.column, collector)));
      else if (csvName) await refuseCsvWithoutColumn(input);
      else warnings.push(...(await readLines(input, collector)));
    } finally {
      await input.close();
    }
  }
  const traffic = new Map<string, DomainTraffic>();
  let logReading: LogReading | null = null;
  if (logs.length > 0) {
    const read = await readEmailLogs(logs, stdin);
    warnings.push(...read.warnings);
    logReading = read.reading;
    // Each domain of the logs is one entry, named by the first row that mentions it.
    for (const [domain, tally] of read.tally.entries()) {
      collector.add(domain, 'cell', read.firstSource.get(domain)!);
      traffic.set(domain, toDomainTraffic(tally));
    }
  }
  return { targets: collector.targets(), warnings, entries: collector.entries, traffic, logReading };
}
