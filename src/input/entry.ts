/**
 * One input entry (a line of a list, a CSV cell, a command-line argument) to the text that names
 * a mail domain, or a one-line reason why it does not. Pure; the domain rules themselves are
 * normalizeTarget's.
 */
import { normalizeTarget } from '../dns/normalize.js';

export type EntryUnit = 'line' | 'cell' | 'argument';
export type EntryOutcome = { ok: true; domain: string } | { ok: false; error: string };

const QUOTED = /"(?:[^"\\]|\\.)*"/g;
/** `Display Name <address>` (RFC 5322 §3.4 name-addr), as address books and CRM exports write it. */
const NAME_ADDR = /^([^]*)<([^<>]*)>$/;
/** A token that is itself an address or a domain ("J." of a display name is neither). */
const ENTRY_LIKE = /@|[^.]\.[^.]/;

/**
 * The entry text of a line of a list: without a full-line `#` comment or a trailing ` # comment`
 * (a `#` after whitespace, outside double quotes), trimmed; null when nothing is left.
 */
export function entryFromLine(line: string): string | null {
  let quoted = false;
  let end = line.length;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') quoted = !quoted;
    else if (ch === '#' && !quoted && (i === 0 || /\s/.test(line[i - 1]!))) {
      end = i;
      break;
    }
  }
  // An unbalanced quote cannot hide a comment: look again without quote tracking.
  if (quoted) {
    const match = /(^|\s)#/.exec(line);
    end = match ? match.index : line.length;
  }
  // trim() also removes a stray U+FEFF (a BOM left by concatenating files).
  const text = line.slice(0, end).trim();
  return text === '' ? null : text;
}

/** The mail domain named by an entry, or why there is none. */
export function interpretEntry(entry: string, unit: EntryUnit): EntryOutcome {
  // Address lists pasted from mail clients end entries with ',' or ';'.
  let candidate = entry.trim().replace(/[\s,;]+$/, '');
  const mailbox = NAME_ADDR.exec(candidate);
  if (mailbox) {
    const display = mailbox[1]!.replace(QUOTED, '');
    if (/[@<>]/.test(display)) return several(unit);
    candidate = mailbox[2]!.trim();
    if (candidate === '') return { ok: false, error: 'the address between < and > is empty' };
  } else {
    const tokens = candidate.replace(QUOTED, '"').split(/[\s,;]+/);
    if (tokens.filter((token) => ENTRY_LIKE.test(token)).length > 1) return several(unit);
  }
  const normalized = normalizeTarget(candidate);
  return normalized.ok ? { ok: true, domain: normalized.domain } : { ok: false, error: normalized.message };
}

function several(unit: EntryUnit): EntryOutcome {
  return { ok: false, error: `holds more than one address or domain; give one per ${unit}` };
}
