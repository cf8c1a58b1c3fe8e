/**
 * Reads the platform's Email Log Files (--email-log) as streams, record by record, into one
 * TrafficTally: several files at once, overlapping periods de-duplicated, gzip recognised by its
 * content. Every row that cannot be used is counted and reported with its file and line; a file
 * whose header lacks a needed column is an InputError naming the columns found and needed.
 */
import { LineTally, pluralHas } from './collector.js';
import type { CsvRecord } from './csv-parser.js';
import { csvRecords } from './csv-source.js';
import { COLUMN_NAMES, POSITIONAL, interpretRow, isPlatformAddress, mapHeader, parseLogTime, type ColumnMap } from './email-log-row.js';
import { interpretEntry } from './entry.js';
import { InputError } from './input-error.js';
import { openLog } from './log-open.js';
import { shownName } from './open-input.js';
import { TrafficTally } from './traffic-tally.js';
import type { LogReading } from '../model/traffic.js';
import { formatCount, plural } from '../text/words.js';
import { sanitize } from '../text/sanitize.js';

export interface EmailLogs {
  tally: TrafficTally;
  /** Per domain, the first row that named it ("file:line"), as a target's source. */
  firstSource: Map<string, string>;
  /** One line each: what each file held, its bad rows with their lines, a cut-off download. */
  warnings: string[];
  /** Files and rows read, rows not used: the run-wide part of the report's traffic totals. */
  reading: LogReading;
}

/** Domain part as written -> normalised domain or null (an invalid one); bounded by the domains in the logs. */
type DomainCache = Map<string, string | null>;

export async function readEmailLogs(
  paths: readonly string[],
  stdin: NodeJS.ReadableStream,
  tally = new TrafficTally(),
): Promise<EmailLogs> {
  if (paths.filter((p) => p === '-').length > 1) throw new InputError('"-" (standard input) can be given only once');
  const logs: EmailLogs = {
    tally,
    firstSource: new Map(),
    warnings: [],
    reading: { files: 0, rowsRead: 0, rowsSkipped: 0, warmUpRows: 0 },
  };
  const cache: DomainCache = new Map();
  const identities = new Map<string, string>();
  for (const path of new Set(paths)) {
    const log = await openLog(path, stdin);
    const earlier = log.identity === null ? undefined : identities.get(log.identity);
    if (earlier !== undefined) {
      logs.warnings.push(`${shownName(path)} is the same file as ${shownName(earlier)}; it was read once`);
      continue;
    }
    if (log.identity !== null) identities.set(log.identity, path);
    await readOne(log.name, log.text, logs, cache);
    const truncated = log.truncated();
    if (truncated) logs.warnings.push(`${shownName(log.name)}: ${truncated}; the rows before the cut were used`);
  }
  if (tally.counts.forgotten > 0)
    logs.warnings.push(
      `the logs hold more than ${formatCount(tally.counts.forgotten)} deliveries beyond the de-duplication window; ` +
        'a delivery repeated far apart in files of overlapping periods may be counted twice',
    );
  return logs;
}

interface FileCounts {
  rows: number;
  warmUp: number;
  problems: Map<string, LineTally>;
}

async function readOne(name: string, text: AsyncIterable<string>, logs: EmailLogs, cache: DomainCache): Promise<void> {
  const counts: FileCounts = { rows: 0, warmUp: 0, problems: new Map() };
  const problem = (what: string, line: number) => {
    let lines = counts.problems.get(what);
    if (!lines) counts.problems.set(what, (lines = new LineTally()));
    lines.add(line);
  };
  let columns: ColumnMap | null = null;
  for await (const record of csvRecords(text)) {
    if (record.blank) continue;
    if (columns === null) {
      columns = columnsOf(name, record);
      if (columns !== POSITIONAL) continue; // the header row
    }
    counts.rows += 1;
    if (record.unterminated) {
      problem('a quote that is never closed', record.line);
      continue;
    }
    useRecord(name, record, columns, logs, cache, counts, problem);
  }
  logs.warnings.push(fileSummary(name, counts));
  logs.reading.files += 1;
  logs.reading.rowsRead += counts.rows;
  logs.reading.warmUpRows += counts.warmUp;
  for (const lines of counts.problems.values()) logs.reading.rowsSkipped += lines.count;
}

function useRecord(
  name: string,
  record: CsvRecord,
  columns: ColumnMap,
  logs: EmailLogs,
  cache: DomainCache,
  counts: FileCounts,
  problem: (what: string, line: number) => void,
): void {
  const outcome = interpretRow(record.fields, columns);
  if (!outcome.ok) return problem(outcome.problem, record.line);
  const { row } = outcome;
  if (isPlatformAddress(row.domainPart)) {
    counts.warmUp += 1;
    logs.tally.addWarmUp();
    return;
  }
  const domain = domainOf(row.domainPart, cache);
  if (domain === null) return problem('a Recipient whose domain is not a mail domain', record.line);
  if (!logs.firstSource.has(domain)) logs.firstSource.set(domain, `${name}:${record.line}`);
  logs.tally.add(row, domain);
}

function domainOf(part: string, cache: DomainCache): string | null {
  const key = part.toLowerCase();
  let domain = cache.get(key);
  if (domain === undefined) {
    const outcome = interpretEntry(key, 'cell');
    domain = outcome.ok ? outcome.domain : null;
    cache.set(key, domain);
  }
  return domain;
}

/**
 * The first record is the header when its first cell is not a log time; without a header the
 * documented positions apply. A header without a needed column stops the run: nothing in such a
 * file could be read right.
 */
function columnsOf(name: string, record: CsvRecord): ColumnMap {
  if (parseLogTime(record.fields[0] ?? '') !== null) return POSITIONAL;
  const mapped = mapHeader(record.fields);
  if (mapped.ok) return mapped.columns;
  const found = record.fields.map((field) => `"${sanitize(field.trim(), 40)}"`).slice(0, 30);
  const needed = Object.values(COLUMN_NAMES).join(', ');
  const missing = mapped.missing.map((column) => COLUMN_NAMES[column]).join(', ');
  throw new InputError(
    `${shownName(name)} is not an Email Log File: its header (line ${record.line}) lacks ${missing}; ` +
      `columns found: ${found.join(', ')}; needed: ${needed}`,
  );
}

function fileSummary(name: string, counts: FileCounts): string {
  const parts = [`${shownName(name)}: ${plural(counts.rows, 'row')} read`];
  if (counts.warmUp > 0) parts.push(`${plural(counts.warmUp, 'warm-up row')} of the platform's own left out`);
  for (const [what, lines] of counts.problems) parts.push(`${pluralHas(lines.count, 'row')} ${what} (${lines.describe()}), not used`);
  return parts.join('; ');
}
