/**
 * A streaming CSV parser (RFC 4180), pure: text goes in as chunks cut anywhere, complete records
 * come out with the physical line each one starts on. Lenient where exports are sloppy and
 * explicit where data would otherwise be lost:
 * - records end at CRLF, LF or a lone CR (old Mac exports), outside quotes (RFC 4180 §2.1);
 * - inside quotes, line breaks, delimiters and doubled quotes ("") are data (RFC 4180 §2.5-2.7);
 * - a quote in the middle of an unquoted field, or text after a closing quote, is kept as text;
 * - a quoted field still open at the end of the input yields a record flagged `unterminated`.
 * The byte-level concerns (UTF-8 decoding, the BOM) belong to the caller.
 */

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** The record had no characters at all (an empty line). */
  blank: boolean;
  /** A quoted field was still open at the end of the input; its field holds the rest of the input. */
  unterminated: boolean;
  /** Last physical line the record touched (differs from `line` for multi-line records). */
  endLine: number;
  /** Some field was longer than the cap and was cut. */
  overlong: boolean;
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** Fields longer than this are cut (an unterminated quote in a huge file must not fill memory). */
export const MAX_FIELD_CHARS = 1 << 20;

type State = 'start' | 'unquoted' | 'quoted' | 'quote-in-quoted';

export class CsvParser {
  private state: State = 'start';
  private field = '';
  private fields: string[] = [];
  private line = 1;
  private recordLine = 1;
  private recordStarted = false;
  /** Line of the last character consumed. */
  private lastLine = 1;
  private overlong = false;
  /** The previous character was a CR: a following LF belongs to the same line break. */
  private afterCr = false;
  private out: CsvRecord[] = [];

  constructor(
    private readonly delimiter: Delimiter,
    private readonly maxFieldChars = MAX_FIELD_CHARS,
  ) {}

  /** Feed the next chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    for (let i = 0; i < chunk.length; i++) this.step(chunk[i]!);
    return this.take();
  }

  /** End of input: returns the last record, if any. */
  end(): CsvRecord[] {
    if (this.recordStarted) this.finishRecord(this.state === 'quoted');
    return this.take();
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  private step(ch: string): void {
    const lfOfCrlf = ch === '\n' && this.afterCr;
    this.afterCr = ch === '\r';
    if (lfOfCrlf) {
      // The LF of a CRLF: the line (and, outside quotes, the record) already ended at the CR.
      if (this.state === 'quoted') this.append(ch);
      return;
    }
    if (!this.recordStarted) {
      this.recordStarted = true;
      this.recordLine = this.line;
    }
    const lineBreak = ch === '\n' || ch === '\r';
    this.lastLine = this.line;
    this.consume(ch, lineBreak);
    if (lineBreak) this.line += 1;
  }

  private consume(ch: string, lineBreak: boolean): void {
    switch (this.state) {
      case 'quoted':
        if (ch === '"') this.state = 'quote-in-quoted';
        else this.append(ch);
        return;
      case 'quote-in-quoted':
        if (ch === '"') {
          // RFC 4180 §2.7: a doubled quote inside a quoted field is one quote.
          this.append('"');
          this.state = 'quoted';
          return;
        }
        break; // the quote closed the field: handle ch as in an unquoted field
      case 'start':
        if (ch === '"') {
          this.state = 'quoted';
          return;
        }
        break;
      case 'unquoted':
        break;
    }
    if (ch === this.delimiter) this.finishField();
    else if (lineBreak) this.finishRecord(false);
    else {
      this.append(ch);
      this.state = 'unquoted';
    }
  }

  private append(ch: string): void {
    if (this.field.length < this.maxFieldChars) this.field += ch;
    else this.overlong = true;
  }

  private finishField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'start';
  }

  private finishRecord(unterminated: boolean): void {
    const blank = this.fields.length === 0 && this.field === '' && this.state === 'start';
    this.finishField();
    this.out.push({
      fields: this.fields,
      line: this.recordLine,
      blank,
      unterminated,
      endLine: this.lastLine,
      overlong: this.overlong,
    });
    this.fields = [];
    this.recordStarted = false;
    this.overlong = false;
  }
}

/** Parse a whole text at once (tests, header previews). */
export function parseCsv(text: string, delimiter: Delimiter): CsvRecord[] {
  const parser = new CsvParser(delimiter);
  return [...parser.push(text), ...parser.end()];
}

/**
 * The delimiter that splits the header line into the most fields outside quotes (',' wins ties,
 * then ';', then tab). Only the text up to the first line break outside quotes is looked at.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** Whether `text` holds a complete first line (a line break outside quotes). */
export function hasHeaderLine(text: string): boolean {
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) return true;
  }
  return false;
}
