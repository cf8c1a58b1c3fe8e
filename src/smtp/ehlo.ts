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
