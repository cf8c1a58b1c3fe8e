/**
 * A CSV export (e.g. a Salesforce contacts report): the header row names the columns, and each
 * later row gives one entry from the chosen column. Read record by record as the text streams in.
 */
import { sanitize } from '../text/sanitize.js';
import { LineTally, TargetCollector, pluralHas } from './collector.js';
import {
  CsvParser,
  detectDelimiter,
  hasHeaderLine,
  DELIMITERS,
  MAX_FIELD_CHARS,
  MAX_QUOTED_SPAN,
  type CsvRecord,
  type Delimiter,
} from './csv-parser.js';
import { InputError } from './input-error.js';
import { encodingWarning } from './line-source.js';
import { shownName, type OpenedInput } from './open-input.js';

/** The header line is looked for in at most this much text. */
const HEADER_SEARCH_CHARS = 64 * 1024;
const MAX_COLUMNS_SHOWN = 30;

/** Records of a CSV text, the delimiter taken from its header line (or an Excel "sep=;" line). */
export async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<CsvRecord> {
  let parser: CsvParser | null = null;
  let buffer = '';
  for await (const chunk of text) {
    if (parser) {
      yield* parser.push(chunk);
      continue;
    }
    buffer += chunk;
    const head = buffer.replace(/^[\r\n]+/, '');
    if (hasHeaderLine(head) || head.length >= HEADER_SEARCH_CHARS) {
      parser = new CsvParser(chooseDelimiter(head));
      yield* parser.push(buffer);
    }
  }
  if (!parser) {
    // The input ended before a complete header line.
    parser = new CsvParser(chooseDelimiter(buffer.replace(/^[\r\n]+/, '')));
    yield* parser.push(buffer);
  }
  yield* parser.end();
}

function chooseDelimiter(head: string): Delimiter {
  const sep = /^sep=(.)\s*(?:[\r\n]|$)/i.exec(head);
  const declared = DELIMITERS.find((d) => d === sep?.[1]);
  return declared ?? detectDelimiter(head);
}

/** Excel's "sep=;" first line declares the delimiter; it is not the header. Split by that very
 * delimiter it reads as ["sep=", ""]. */
function isSepLine(record: CsvRecord): boolean {
  const [first, second, ...rest] = record.fields;
  return /^sep=.?\s*$/i.test(first!) && (second ?? '').trim() === '' && rest.length === 0;
}

/** A name for a message: in double quotes, control characters escaped, cut. */
export function quoted(name: string): string {
  return `"${sanitize(name.trim(), 40)}"`;
}

export interface Header {
  names: string[];
  line: number;
  /** The header row opens a quoted field that is never closed (`names` are its first line's). */
  unterminated: boolean;
}

/** The first non-blank record (after a "sep=" line), or null for an input without one. */
export async function readHeader(records: AsyncIterator<CsvRecord>): Promise<Header | null> {
  let sepSeen = false;
  for (;;) {
    const next = await records.next();
    if (next.done) return null;
    const record = next.value;
    if (record.blank) continue;
    if (!sepSeen && isSepLine(record)) {
      sepSeen = true;
      continue;
    }
    return { names: record.fields, line: record.line, unterminated: record.unterminated };
  }
}

/** The header of a CSV input, or null for an empty one; a header that cannot be read is an InputError. */
async function requireHeader(name: string, records: AsyncIterator<CsvRecord>): Promise<Header | null> {
  const header = await readHeader(records);
  if (header?.unterminated) {
    throw new InputError(`cannot read ${shownName(name)}: the header (line ${header.line}) opens a quoted field that is never closed`);
  }
  return header;
}

/** `"Name", "Email", "Account"` (sanitised, cut), for messages. */
function listColumns(names: string[]): string {
  const shown = names.slice(0, MAX_COLUMNS_SHOWN).map(quoted);
  const more = names.length > MAX_COLUMNS_SHOWN ? ` and ${names.length - MAX_COLUMNS_SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}

function columnKey(name: string): string {
  return name.trim().normalize('NFC').toLowerCase();
}

/** The indexes of the header's columns named `column` (trimmed, case-insensitively). */
export function columnIndexes(names: string[], column: string): number[] {
  const key = columnKey(column);
  return names.flatMap((n, i) => (columnKey(n) === key ? [i] : []));
}

export function noColumnError(name: string, column: string, header: Header): InputError {
  return new InputError(
    `${shownName(name)} has no column ${quoted(column)} in its header (line ${header.line}); its columns are ${listColumns(header.names)}`,
  );
}

/** Refuses a .csv file given without --column, listing the header's columns. */
export async function refuseCsvWithoutColumn(input: OpenedInput): Promise<void> {
  const header = await requireHeader(input.name, csvRecords(input.text)[Symbol.asyncIterator]());
  if (header === null) return; // an empty file holds no entries; nothing to choose
  const guess = header.names.find((n) => /e-?mail|domain/i.test(n));
  const example = guess ? ` (e.g. --column ${quoted(guess)})` : '';
  throw new InputError(
    `${shownName(input.name)} is a CSV file: name the column that holds the addresses with --column${example}; its columns are ${listColumns(header.names)}`,
  );
}

/** Reads every row of a CSV input into the collector; returns the per-file warnings. */
export async function readCsv(input: OpenedInput, column: string, collector: TargetCollector): Promise<string[]> {
  const records = csvRecords(input.text)[Symbol.asyncIterator]();
  const header = await requireHeader(input.name, records);
  if (header === null) return [];
  const matches = columnIndexes(header.names, column);
  if (matches.length === 0) throw noColumnError(input.name, column, header);
  const index = matches[0]!;
  const columnName = sanitize(header.names[index]!.trim(), 40);
  const warnings: string[] = [];
  if (matches.length > 1) {
    const numbers = matches.map((i) => i + 1).join(', ');
    warnings.push(
      `${shownName(input.name)}: ${matches.length} columns are named "${columnName}" (columns ${numbers}); using column ${index + 1}`,
    );
  }
  const rows = new RowReader(input.name, index, header.names.length, collector);
  for (;;) {
    const next = await records.next();
    if (next.done) break;
    rows.take(next.value);
  }
  return [...warnings, ...rows.warnings(columnName)];
}

/** Takes the data rows of one CSV input and tallies what is worth a warning. */
class RowReader {
  private readonly empty = new LineTally();
  private readonly undecodable = new LineTally();
  private readonly unclosed = new LineTally();
  private readonly wide = new LineTally();
  private short = 0;

  constructor(
    private readonly name: string,
    private readonly index: number,
    private readonly columns: number,
    private readonly collector: TargetCollector,
  ) {}

  take(record: CsvRecord): void {
    if (record.blank) return; // an empty line is not a row (RFC 4180 has none; exports add them)
    const cell = record.fields[this.index];
    if (record.unterminated) {
      // The parser gave this line up and went on at the next one. The cells before the open
      // quote are whole; the open one (the last) and any after it are not.
      this.unclosed.add(record.line);
      if (this.index >= record.fields.length - 1) {
        const error = `line ${record.line} opens a quoted field that is never closed (a '"' is missing), so its cell cannot be read`;
        this.collector.addInvalid((cell ?? record.fields[record.fields.length - 1]!).trim(), error, this.source(record));
        return;
      }
    }
    // Extra fields with text mean a delimiter in an unquoted cell ("Doe, Jane"); empty ones are a
    // trailing delimiter some exports add.
    if (record.fields.slice(this.columns).some((f) => f.trim() !== '')) this.wide.add(record.line);
    if (cell === undefined || cell.trim() === '') {
      // A short row that ends before the column has no cell there: counted like an empty one.
      if (cell === undefined) this.short += 1;
      this.empty.add(record.line);
      return;
    }
    if (cell.includes('\ufffd')) this.undecodable.add(record.line);
    if (record.overlong && cell.length >= MAX_FIELD_CHARS) {
      this.collector.addInvalid(cell, `the cell is over ${MAX_FIELD_CHARS} characters long; no address is that long`, this.source(record));
      return;
    }
    this.collector.add(cell.trim(), 'cell', this.name, record.line);
  }

  /** "file:line", made only for an invalid row (a valid one is kept as the name and the line). */
  private source(record: CsvRecord): string {
    return `${this.name}:${record.line}`;
  }

  warnings(columnName: string): string[] {
    const warnings: string[] = [];
    if (this.empty.count > 0) {
      const short = this.short > 0 ? `; ${this.short} of them ${this.short === 1 ? 'ends' : 'end'} before that column` : '';
      warnings.push(
        `${shownName(this.name)}: ${pluralHas(this.empty.count, 'row')} an empty ${columnName} cell (${this.empty.describe()})${short}`,
      );
    }
    if (this.undecodable.count > 0) warnings.push(encodingWarning(this.name, this.undecodable, 'row'));
    if (this.wide.count > 0) {
      warnings.push(
        `${shownName(this.name)}: ${pluralHas(this.wide.count, 'row')} more fields than the header's ${this.columns} (${this.wide.describe()}): ` +
          `a delimiter in an unquoted cell shifts the cells after it, so the ${columnName} cell of such a row may not be its address`,
      );
    }
    if (this.unclosed.count > 0) {
      const limit = MAX_QUOTED_SPAN.toLocaleString('en-US');
      warnings.push(
        `${shownName(this.name)}: ${pluralHas(this.unclosed.count, 'row')} a quoted field that is never closed (${this.unclosed.describe()}): ` +
          `no '"' before the end of the input or within ${limit} characters; each was read as that line alone, and reading went on at the next line`,
      );
    }
    return warnings;
  }
}
