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
    if (candidate === '') return invalid('the address between < and > is empty');
    if (hasUnquotedSpace(candidate)) return invalid('the address between < and > has spaces');
  } else {
    const tokens = candidate.replace(QUOTED, '"').split(/[\s,;]+/);
    if (tokens.filter((token) => ENTRY_LIKE.test(token)).length > 1) return several(unit);
    // A list line may put a name before the address (as mail clients paste it); a cell of an
    // e-mail column holds the address alone, so a space there means it is something else.
    if (unit === 'cell' && hasUnquotedSpace(candidate))
      return invalid('has spaces, so it is not one address (a cell holds an address, a domain or "Name <address>")');
  }
  // "carol@@bad": which "@" starts the domain is a guess; never look "bad" up on a guess.
  if (localPart(candidate).includes('@')) return invalid('more than one "@" in the address (an address has one, before its domain)');
  const normalized = normalizeTarget(candidate);
  if (!normalized.ok) return invalid(normalized.message);
  // "not-an-email", "none", "carol@bad": a name of one label is no Internet mail domain (a TLD
  // with an MX, RFC 7085, is the rare exception; no recipient list holds one on purpose).
  if (!normalized.domain.includes('.'))
    return invalid(`"${normalized.domain}" has no dot, so it is not a mail domain (a mail domain is a name like acme.com)`);
  return { ok: true, domain: normalized.domain };
}

/** Whitespace outside double-quoted strings ("jane doe"@acme.com is one address). */
function hasUnquotedSpace(text: string): boolean {
  return /\s/.test(text.replace(QUOTED, '""'));
}

/**
 * The local part of the last word of an address (before its last "@"), its quoted strings
 * removed; '' when there is no "@".
 */
function localPart(text: string): string {
  const at = text.lastIndexOf('@');
  if (at === -1) return '';
  return text.slice(0, at).replace(QUOTED, '""').split(/\s+/).pop()!;
}

function invalid(error: string): EntryOutcome {
  return { ok: false, error };
}

function several(unit: EntryUnit): EntryOutcome {
  return invalid(`holds more than one address or domain; give one per ${unit}`);
}
