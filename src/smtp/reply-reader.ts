/**
 * Pure SMTP reply framing (RFC 5321 §4.2): bytes in any chunking become complete, possibly
 * multi-line replies. No I/O, never throws on remote input: a malformed or oversized reply is
 * returned as an error value and the reader stops reading (a server that does not speak SMTP is
 * not worth resynchronising with).
 *
 * Memory is bounded by the caps: at most `maxLineBytes` (+1 for a CR) of an unfinished line, and
 * at most `maxReplyLines` lines in total across the unfinished reply and the complete replies not
 * yet taken with `next()`.
 */
import { LIMITS } from '../model/limits.js';
import type { SmtpReply } from '../model/observation.js';

export type ReadResult = { ok: true; reply: SmtpReply } | { ok: false; error: string };

export interface ReaderCaps {
  maxLineBytes: number;
  maxReplyLines: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** RFC 5321 §4.2.1: the first digit of a reply code is 1..5 (2..5 in practice), then two digits. */
const CODE = /^[1-5][0-9][0-9]/;

export class ReplyReader {
  private readonly caps: ReaderCaps;
  /** Bytes of the line not yet terminated by LF. */
  private partial: Buffer[] = [];
  private partialBytes = 0;
  /** Lines of the reply being assembled (all carried the `-` continuation mark). */
  private current: { code: number; lines: string[] } | null = null;
  /** Complete replies not yet taken. */
  private queue: SmtpReply[] = [];
  private queuedLines = 0;
  /** Set on the first framing error; sticky until `discard()`. */
  private failure: string | null = null;

  constructor(caps: ReaderCaps = { maxLineBytes: LIMITS.maxLineBytes, maxReplyLines: LIMITS.maxReplyLines }) {
    this.caps = caps;
  }

  /** Feed bytes as they arrived. Input after an error is ignored. */
  push(chunk: Uint8Array): void {
    let start = 0;
    while (this.failure === null && start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      if (!this.appendPartial(chunk.subarray(start, end))) return;
      if (lf === -1) return;
      this.finishLine();
      start = lf + 1;
    }
  }

  /**
   * The next complete reply, the framing error (once the replies before it were taken), or
   * undefined when more bytes are needed.
   */
  next(): ReadResult | undefined {
    const reply = this.queue.shift();
    if (reply !== undefined) {
      this.queuedLines -= reply.lines.length;
      return { ok: true, reply };
    }
    return this.failure === null ? undefined : { ok: false, error: this.failure };
  }

  /** True when some bytes were received that are not yet a complete reply. */
  get hasPartial(): boolean {
    return this.partialBytes > 0 || this.current !== null;
  }

  /** What is held right now: bytes of the unfinished line, lines of unfinished and untaken replies. */
  get buffered(): { bytes: number; lines: number } {
    return { bytes: this.partialBytes, lines: this.queuedLines + (this.current?.lines.length ?? 0) };
  }

  /**
   * Forget everything buffered, complete or not, including a framing error. RFC 3207 §6: what
   * the server sent after its 220 to STARTTLS and before the handshake must be thrown away.
   */
  discard(): void {
    this.partial = [];
    this.partialBytes = 0;
    this.current = null;
    this.queue = [];
    this.queuedLines = 0;
    this.failure = null;
  }

  private appendPartial(bytes: Uint8Array): boolean {
    if (bytes.length === 0) return true;
    // One extra byte so a line of exactly maxLineBytes can still be followed by its CR.
    if (this.partialBytes + bytes.length > this.caps.maxLineBytes + 1) {
      return this.fail(`reply line longer than ${this.caps.maxLineBytes} bytes`);
    }
    this.partial.push(Buffer.from(bytes));
    this.partialBytes += bytes.length;
    return true;
  }

  private finishLine(): void {
    let line = Buffer.concat(this.partial, this.partialBytes);
    this.partial = [];
    this.partialBytes = 0;
    // CRLF is the terminator; a bare LF is tolerated (RFC 5321 §4.1.1.4 robustness).
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    if (line.length > this.caps.maxLineBytes) {
      this.fail(`reply line longer than ${this.caps.maxLineBytes} bytes`);
      return;
    }
    this.acceptLine(line.toString('utf8'));
  }

  private acceptLine(text: string): void {
    const parsed = parseLine(text);
    if (typeof parsed === 'string') {
      this.fail(parsed);
      return;
    }
    const { code, last, rest } = parsed;
    if (this.current !== null && this.current.code !== code) {
      // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
      this.fail(`multi-line reply mixes codes ${this.current.code} and ${code}`);
      return;
    }
    const current = this.current ?? { code, lines: [] };
    if (this.queuedLines + current.lines.length + 1 > this.caps.maxReplyLines) {
      this.fail(`more than ${this.caps.maxReplyLines} reply lines`);
      return;
    }
    current.lines.push(rest);
    if (last) {
      this.queue.push(current);
      this.queuedLines += current.lines.length;
      this.current = null;
    } else {
      this.current = current;
    }
  }

  private fail(error: string): false {
    this.failure = error;
    this.partial = [];
    this.partialBytes = 0;
    this.current = null;
    return false;
  }
}

/** One reply line: `code SP text`, `code - text` or a bare `code` (RFC 5321 §4.2). */
function parseLine(text: string): { code: number; last: boolean; rest: string } | string {
  if (!CODE.test(text)) return `reply line without a reply code: ${JSON.stringify(text.slice(0, 80))}`;
  const code = Number(text.slice(0, 3));
  const sep = text.charAt(3);
  if (sep === '') return { code, last: true, rest: '' };
  if (sep === ' ') return { code, last: true, rest: text.slice(4) };
  if (sep === '-') return { code, last: false, rest: text.slice(4) };
  return `reply code followed by ${JSON.stringify(sep)} instead of space or hyphen`;
}
