/**
 * Turn what the user typed into the ASCII mail domain we look up, or say clearly why it is not
 * one. Never throws: a bad target is input, reported per target.
 */
import net from 'node:net';
import { domainToASCII } from 'node:url';

export type NormalizedTarget = { ok: true; domain: string } | { ok: false; message: string };

const MAX_NAME = 253; // RFC 1035 §2.3.4: 255 octets on the wire = 253 characters in text
const MAX_LABEL = 63; // RFC 1035 §2.3.4
const IP_LITERAL = 'IP address literals are not mail domains; give the domain part of the recipient addresses';

function fail(message: string): NormalizedTarget {
  return { ok: false, message };
}

/** Printable form of a character for a message (control characters escaped). */
function show(ch: string): string {
  return JSON.stringify(ch);
}

/** Checks on the ASCII name after IDNA conversion (RFC 1123 §2.1, RFC 5321 §2.3.5). */
function checkAscii(domain: string): string | null {
  if (domain.length > MAX_NAME) return `name is ${domain.length} characters long; the limit is ${MAX_NAME}`;
  const labels = domain.split('.');
  for (const label of labels) {
    if (label === '') return 'empty label (two dots in a row, or a leading dot)';
    if (label.length > MAX_LABEL) return `label "${label.slice(0, 20)}..." is ${label.length} bytes long; the limit is ${MAX_LABEL}`;
    const bad = /[^a-z0-9-]/.exec(label);
    if (bad) return `character ${show(bad[0])} is not allowed in a mail domain (letters, digits and hyphens only)`;
    if (label.startsWith('-') || label.endsWith('-')) return `label "${label}" starts or ends with a hyphen`;
  }
  // RFC 3696 §2: a top-level domain is never all digits; such a name is an IP literal gone wrong.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return IP_LITERAL;
  return null;
}

export function normalizeTarget(input: string): NormalizedTarget {
  let text = input.trim();
  if (text === '') return fail('empty target');
  const at = text.lastIndexOf('@');
  if (at !== -1) {
    // An e-mail address: the mail domain is what follows the last @ (RFC 5321 §4.1.2).
    text = text.slice(at + 1);
    if (text === '') return fail(`nothing after "@" in "${input.trim()}"`);
  }
  if (/\s/.test(text)) return fail('the domain contains spaces');
  if (text.includes('[') || text.includes(']') || net.isIP(text) !== 0) return fail(IP_LITERAL);
  // Reject ASCII punctuation before IDNA: WHATWG host parsing would silently cut "a/b.com" to
  // "a" and map other characters; only letters, digits, hyphens and dots are ours to pass on.
  const badAscii = /[\x00-\x2c\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]/.exec(text);
  if (badAscii) return fail(`character ${show(badAscii[0])} is not allowed in a mail domain (letters, digits and hyphens only)`);
  if (text.startsWith('.')) return fail('empty label (the name starts with a dot)');
  if (text.includes('..')) return fail('empty label (two dots in a row)');
  // UTS #46 mapping and Punycode (RFC 5891): bücher.example -> xn--bcher-kva.example, lower-cased.
  let ascii = domainToASCII(text);
  if (ascii === '') return fail(`"${text}" is not a valid internationalised domain name`);
  // One trailing dot is the fully-qualified spelling of the same name.
  if (ascii.endsWith('.')) ascii = ascii.slice(0, -1);
  if (net.isIP(ascii) !== 0) return fail(IP_LITERAL);
  const problem = checkAscii(ascii);
  return problem ? fail(problem) : { ok: true, domain: ascii };
}
