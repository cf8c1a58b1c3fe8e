/**
 * One row of a platform Email Log File (Setup → Email Log Files) to what it says, pure. The
 * columns are found by header name (case, spaces, underscores and punctuation ignored, a few
 * aliases) or, without a header, at their documented positions: Date/Time, Internal Message ID,
 * Mail Event, Recipient, ... and TLS_Cipher, TLS_Verified at the end of every line.
 */

/** The columns the reader needs, by role. */
export const LOG_COLUMNS = ['time', 'messageId', 'event', 'recipient', 'cipher', 'verified'] as const;
export type LogColumn = (typeof LOG_COLUMNS)[number];

/** The documented name of each needed column (for messages). */
export const COLUMN_NAMES: Record<LogColumn, string> = {
  time: 'Date/Time',
  messageId: 'Internal Message ID',
  event: 'Mail Event',
  recipient: 'Recipient',
  cipher: 'TLS_Cipher',
  verified: 'TLS_Verified',
};

/** Header names (normalised by `headerKey`) that name each column. */
const ALIASES: Record<LogColumn, readonly string[]> = {
  time: ['datetime', 'datetimegmt', 'datetimeutc', 'date', 'timestamp', 'time'],
  messageId: ['internalmessageid', 'internalid', 'internalmsgid'],
  event: ['mailevent', 'event', 'eventtype'],
  recipient: ['recipient', 'recipientaddress', 'recipientemail', 'to'],
  cipher: ['tlscipher', 'cipher'],
  verified: ['tlsverified', 'verified'],
};

/** Where each column is when a file has no header: the documented order, TLS columns last. */
const POSITIONS = { time: 0, messageId: 1, event: 2, recipient: 3 } as const;
/** Date/Time ... Relay Address (13 columns), then TLS_Cipher and TLS_Verified. */
export const DOCUMENTED_COLUMNS = 15;

/**
 * Field index of each column; `cipher` and `verified` < 0 count from the end of the row. `stage`
 * (Delivery Stage: where a T or P failed) is optional: null when the header has no such column.
 */
export type ColumnMap = Record<LogColumn, number> & { stage: number | null };

/** Delivery Stage is the 12th documented column. */
export const POSITIONAL: ColumnMap = { ...POSITIONS, cipher: -2, verified: -1, stage: 11 };

const STAGE_ALIASES = ['deliverystage', 'stage', 'failurestage'];
/** A Delivery Stage longer than this is cut: it is a label, and it is kept per domain. */
const MAX_STAGE_CHARS = 80;

/** "TLS_Cipher", "tls cipher" and "Tls-Cipher" are one name. */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[\s_\-/.()]+/g, '');
}

/** The column map of a header row, or the documented names of the columns it lacks. */
export function mapHeader(names: readonly string[]): { ok: true; columns: ColumnMap } | { ok: false; missing: LogColumn[] } {
  const keys = names.map(headerKey);
  const stage = STAGE_ALIASES.map((alias) => keys.indexOf(alias)).find((i) => i >= 0) ?? null;
  const columns: Partial<ColumnMap> = { stage };
  const missing: LogColumn[] = [];
  for (const column of LOG_COLUMNS) {
    const index = ALIASES[column].map((alias) => keys.indexOf(alias)).find((i) => i >= 0);
    if (index === undefined) missing.push(column);
    else columns[column] = index;
  }
  return missing.length === 0 ? { ok: true, columns: columns as ColumnMap } : { ok: false, missing };
}

/** `3/06/2009 13:37` (the documented M/D/YYYY, GMT), with optional seconds; or ISO 8601. */
const SLASHED = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:GMT|UTC|Z)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:Z|GMT|UTC|[+-]00:?00)?$/i;

/** Milliseconds since the epoch of a log time (GMT), or null when it does not parse. */
export function parseLogTime(text: string): number | null {
  const value = text.trim();
  let parts: number[];
  const slashed = SLASHED.exec(value);
  const iso = slashed ? null : ISO.exec(value);
  if (slashed) {
    let [month, day] = [Number(slashed[1]), Number(slashed[2])];
    // The documented form is month first; a first number above 12 can only be a day.
    if (month > 12 && day <= 12) [month, day] = [day, month];
    parts = [Number(slashed[3]), month, day, Number(slashed[4]), Number(slashed[5]), Number(slashed[6] ?? 0)];
  } else if (iso) {
    parts = [1, 2, 3, 4, 5, 6].map((i) => Number(iso[i] ?? 0));
  } else return null;
  const [year, month, day, hour, minute, second] = parts as [number, number, number, number, number, number];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  // Date.UTC rolls 2/31 over to 3/3: such a date is not a date.
  if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null;
  return ms;
}

/** How a D row's TLS_Cipher says the message went. */
export type Hop =
  | { kind: 'internal' } // `None`: between the platform's own servers
  | { kind: 'plaintext' } // `:`
  | { kind: 'tls'; version: string } // `TLSv1.2:AES256-GCM-SHA384`
  | { kind: 'unknown' }; // empty or unreadable

export function readCipher(text: string): Hop {
  const value = text.trim();
  if (/^none$/i.test(value)) return { kind: 'internal' };
  if (value === ':') return { kind: 'plaintext' };
  const colon = value.indexOf(':');
  if (colon > 0) {
    const version = value.slice(0, colon).trim();
    // The version becomes a JSON key and a table cell: only a plain word is kept as written.
    return { kind: 'tls', version: /^[A-Za-z0-9._-]{1,16}$/.test(version) ? version : 'other' };
  }
  return { kind: 'unknown' };
}

/** The platform's own warm-up recipients (`warmup@…siterelay.mta.salesforce.com`): not customer mail. */
export function isPlatformAddress(domainPart: string): boolean {
  return /(^|\.)siterelay\.mta\.salesforce\.com\.?$/i.test(domainPart);
}

export const MAIL_EVENTS = ['R', 'D', 'T', 'P'] as const;
export type MailEvent = (typeof MAIL_EVENTS)[number];

export interface LogRow {
  time: number;
  event: MailEvent;
  messageId: string;
  /** The recipient address as written, trimmed. */
  recipient: string;
  /** The text after the recipient's last "@" (to be normalised by the caller). */
  domainPart: string;
  /** Set on D rows; null on others. */
  hop: Hop | null;
  /** TLS_Verified: true `Verified`, false `Unverified`, null otherwise. */
  verified: boolean | null;
  /** Delivery Stage on T and P rows (where the failure happened), trimmed and cut; null when empty or absent. */
  stage: string | null;
}

/** The row, or why it cannot be used (a phrase that follows "N rows have"). */
export type RowOutcome = { ok: true; row: LogRow } | { ok: false; problem: string };

export function interpretRow(fields: readonly string[], columns: ColumnMap): RowOutcome {
  const at = (index: number): string | undefined => fields[index < 0 ? fields.length + index : index];
  const needed = Math.max(...LOG_COLUMNS.map((column) => columns[column])) + 1;
  const positional = columns.cipher < 0;
  if (fields.length < (positional ? DOCUMENTED_COLUMNS : needed)) {
    // The platform quotes every field or none; a quote left inside a field is what merged the fields.
    if (fields.some((field) => field.includes('"'))) return bad('a broken quote (a " inside a field merged the fields after it)');
    return bad('too few columns for an Email Log File row');
  }
  const time = parseLogTime(at(columns.time)!);
  if (time === null) return bad('a Date/Time that does not parse');
  const event = at(columns.event)!.trim().toUpperCase();
  if (!(MAIL_EVENTS as readonly string[]).includes(event)) return bad('an unknown Mail Event code (not R, D, T or P)');
  const messageId = at(columns.messageId)!.trim();
  if (messageId === '') return bad('an empty Internal Message ID');
  const recipient = at(columns.recipient)!
    .trim()
    .replace(/^<(.*)>$/, '$1');
  const sign = recipient.lastIndexOf('@');
  if (sign <= 0 || sign === recipient.length - 1 || /\s/.test(recipient)) return bad('a Recipient that is not an address');
  const verifiedText = at(columns.verified)!.trim().toLowerCase();
  const stageText = event === 'T' || event === 'P' ? stageOf(columns.stage === null ? undefined : at(columns.stage)) : null;
  return {
    ok: true,
    row: {
      time,
      event: event as MailEvent,
      messageId,
      recipient,
      domainPart: recipient.slice(sign + 1),
      hop: event === 'D' ? readCipher(at(columns.cipher)!) : null,
      verified: verifiedText === 'verified' ? true : verifiedText === 'unverified' ? false : null,
      stage: stageText,
    },
  };
}

function stageOf(text: string | undefined): string | null {
  const value = text?.trim().replace(/\s+/g, ' ') ?? '';
  return value === '' ? null : value.slice(0, MAX_STAGE_CHARS);
}

function bad(problem: string): RowOutcome {
  return { ok: false, problem };
}
