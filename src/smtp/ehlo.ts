/**
 * Pure parsing of an EHLO reply (RFC 5321 §4.1.1.1): the first line is the server's domain and
 * an optional greeting, every further line is `ehlo-keyword *(SP ehlo-param)`.
 */
import type { SmtpReply } from '../model/observation.js';

export interface EhloInfo {
  /** The domain the server announced (first word of the first line); '' when absent. */
  domain: string;
  /** The rest of the first line; '' when absent. */
  greeting: string;
  /** Extension keyword (upper-cased) -> its parameters as one string ('' when none). */
  extensions: Map<string, string>;
}

/** RFC 5321 §4.1.1.1: ehlo-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-"). */
const KEYWORD = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * Parse an EHLO reply. A reply that is not a 250 advertises nothing. Lines whose first word is
 * not a valid keyword are skipped (untrusted text); when a keyword repeats, the first one wins.
 */
export function parseEhlo(reply: SmtpReply): EhloInfo {
  const [first = '', ...rest] = reply.lines;
  const head = splitWord(first);
  const extensions = new Map<string, string>();
  if (reply.code === 250) {
    for (const line of rest) {
      const { word, remainder } = splitWord(line);
      if (!KEYWORD.test(word)) continue;
      const keyword = word.toUpperCase();
      if (!extensions.has(keyword)) extensions.set(keyword, remainder);
    }
  }
  return { domain: head.word, greeting: head.remainder, extensions };
}

/** Whether the reply advertises STARTTLS (RFC 3207 §4). */
export function offersStartTls(reply: SmtpReply): boolean {
  return parseEhlo(reply).extensions.has('STARTTLS');
}

/** The extension keywords in the order advertised, upper-cased. */
export function extensionKeywords(reply: SmtpReply): string[] {
  return [...parseEhlo(reply).extensions.keys()];
}

function splitWord(line: string): { word: string; remainder: string } {
  const trimmed = line.trim();
  const space = trimmed.search(/[ \t]/);
  if (space === -1) return { word: trimmed, remainder: '' };
  return { word: trimmed.slice(0, space), remainder: trimmed.slice(space + 1).trim() };
}

/**
 * The SASL mechanisms of the AUTH keyword (RFC 4954 §3), upper-cased, in the order advertised;
 * [] when the reply has no AUTH. Servers of the 1990s also wrote `AUTH=LOGIN PLAIN`: read it too.
 */
export function authMechanisms(reply: SmtpReply): string[] {
  const info = parseEhlo(reply);
  const params = info.extensions.get('AUTH') ?? legacyAuth(reply);
  if (params === null) return [];
  const seen = new Set<string>();
  for (const word of params.split(/\s+/)) {
    const mechanism = word.toUpperCase();
    // RFC 4422 §3.1: a mechanism name is 1-20 characters of A-Z, 0-9, '-' and '_'.
    if (/^[A-Z0-9_-]{1,20}$/.test(mechanism)) seen.add(mechanism);
  }
  return [...seen];
}

function legacyAuth(reply: SmtpReply): string | null {
  if (reply.code !== 250) return null;
  const line = reply.lines.slice(1).find((text) => /^AUTH=/i.test(text.trim()));
  return line === undefined ? null : line.trim().slice('AUTH='.length);
}
