/**
 * A streaming CSV parser (RFC 4180), pure: text goes in as chunks cut anywhere, complete records
 * come out with the physical line each one starts on. Lenient where exports are sloppy and
 * explicit where data would otherwise be lost:
 * - records end at CRLF, LF or a lone CR (old Mac exports), outside quotes (RFC 4180 §2.1);
 * - inside quotes, line breaks, delimiters and doubled quotes ("") are data (RFC 4180 §2.5-2.7);
 * - a quote in the middle of an unquoted field, or text after a closing quote, is kept as text;
 * - a quoted field that is never closed (it is still open at the end of the input, or has run on
 *   for more than MAX_QUOTED_SPAN characters past the end of its record's first line) yields a
 *   record flagged `unterminated` that holds only that first line, and parsing starts again on
 *   the next physical line: one missing '"' costs one row, not every row after it.
 * The byte-level concerns (UTF-8 decoding, the BOM) belong to the caller.
 */

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) where the record starts. */
  line: number;
  /** The record had no characters at all (an empty line). */
  blank: boolean;
  /**
   * A quoted field was never closed: the record is its first physical line only (`fields` are the
   * fields of that line, the open one cut at the line break), and the next record starts on the
   * next line.
   */
  unterminated: boolean;
  /** Last physical line the record touched (differs from `line` for multi-line records). */
  endLine: number;
  /** Some field was longer than the cap and was cut. */
  overlong: boolean;
}

export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/** Fields longer than this are cut (a 100 MB line must not fill memory). */
export const MAX_FIELD_CHARS = 1 << 20;

/**
 * How far (in characters after the end of its first line) a record may run on inside quotes
 * before its open quote is taken as never closed. A legitimate multi-line cell is a note or an
 * address; the longest text field of a CRM export is Salesforce's Long Text Area, at most
 * 131,072 characters. The text after the first line is kept until the record ends, to be
 * parsed again if it never does: this also bounds that memory.
 */
export const MAX_QUOTED_SPAN = 131_072;

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
  /**
   * Once a record runs past its first line (inside quotes): that line's fields, and the text
   * read since, to be parsed again as new records if the quote is never closed.
   */
  private spill: { firstLine: string[]; overlong: boolean; text: string; afterCr: boolean } | null = null;
  private out: CsvRecord[] = [];

  constructor(
    private readonly delimiter: Delimiter,
    private readonly maxFieldChars = MAX_FIELD_CHARS,
    private readonly maxQuotedSpan = MAX_QUOTED_SPAN,
  ) {}

  /** Feed the next chunk; returns the records completed by it. */
  push(chunk: string): CsvRecord[] {
    this.run(chunk);
    return this.take();
  }

  /** End of input: returns the last records, if any. */
  end(): CsvRecord[] {
    while (this.recordStarted) {
      // Still inside quotes: the quote was never closed. A record past its first line gives
      // that line up and the rest is parsed again; one on a single line simply ends here.
      if (this.state === 'quoted' && this.spill) this.run(this.giveUp());
      else this.finishRecord(this.state === 'quoted');
    }
    return this.take();
  }

  /** Parses `text`; a record given up on the way puts its later lines back in front of the rest. */
  private run(text: string): void {
    let pending = text;
    let i = 0;
    while (i < pending.length) {
      const again = this.step(pending[i]!);
      i += 1;
      if (again !== null) {
        pending = again + pending.slice(i);
        i = 0;
      }
    }
  }

  private take(): CsvRecord[] {
    const records = this.out;
    this.out = [];
    return records;
  }

  /** Takes one character; returns text to parse again when it made the parser give up a record. */
  private step(ch: string): string | null {
    if (this.spill) this.spill.text += ch;
    const lfOfCrlf = ch === '\n' && this.afterCr;
    this.afterCr = ch === '\r';
    if (lfOfCrlf) {
      // The LF of a CRLF: the line (and, outside quotes, the record) already ended at the CR.
      if (this.state === 'quoted') this.append(ch);
      return null;
    }
    if (!this.recordStarted) {
      this.recordStarted = true;
      this.recordLine = this.line;
    }
    const lineBreak = ch === '\n' || ch === '\r';
    this.lastLine = this.line;
    if (lineBreak && this.state === 'quoted' && !this.spill) {
      // The record goes on past its first line: keep what is needed to start again after it.
      this.spill = { firstLine: [...this.fields, this.field], overlong: this.overlong, text: '', afterCr: ch === '\r' };
    }
    this.consume(ch, lineBreak);
    if (lineBreak) this.line += 1;
    if (this.spill && this.recordStarted && this.spill.text.length > this.maxQuotedSpan) return this.giveUp();
    return null;
  }

  /**
   * Ends the current record as unterminated, on its first line, and resets the parser to the
   * start of the next line; returns the text read since, to be parsed again from there.
   */
  private giveUp(): string {
    const spill = this.spill!;
    this.out.push({
      fields: spill.firstLine,
      line: this.recordLine,
      blank: false,
      unterminated: true,
      endLine: this.recordLine,
      overlong: spill.overlong,
    });
    this.fields = [];
    this.field = '';
    this.state = 'start';
    this.recordStarted = false;
    this.overlong = false;
    this.spill = null;
    this.line = this.recordLine + 1;
    this.lastLine = this.recordLine;
    // A CR ended the first line: an LF right after it is the rest of that line break.
    this.afterCr = spill.afterCr;
    return spill.text;
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
    this.spill = null;
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
