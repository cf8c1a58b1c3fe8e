/**
 * Which DNS names a certificate is valid for, and whether one of them matches a host
 * (RFC 6125 §6.4, RFC 9525 §6.3). Pure: no I/O.
 *
 * The rules are deliberately strict; where they are stricter than Node's
 * `tls.checkServerIdentity` it is on purpose (see test/tls/names.test.ts for the list):
 *  - a wildcard only as the complete left-most label ('*.example.com'), matching exactly one
 *    non-empty label (RFC 9525 §6.3 rule 2; RFC 6125 §6.4.3 allowed 'f*' but RFC 9525 forbids
 *    partial wildcards, and so does this tool);
 *  - never a wildcard over a two-label base ('*.com'): at least two labels after the '*';
 *  - a name or host with a control character, a space, a non-ASCII character (a U-label: a
 *    dNSName is an IA5String and must carry A-labels, RFC 5280 §4.2.1.6) or an empty label
 *    never matches;
 *  - an IP literal host never matches a DNS name (RFC 9525 §6.3: an IP-ID is compared only
 *    with iPAddress entries, which this tool does not use: an MX host is a name).
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * The DNS names a certificate presents: its subjectAltName dNSName entries; only when there are
 * none, the subject CN(s). RFC 9525 §6.3 drops the CN fallback, but OpenSSL's X509_check_host
 * (used by Postfix) and most senders still apply it exactly this way, so the tool does too.
 */
export function certificateNames(cert: X509Certificate): string[] {
  // Node gives undefined when the extension is absent and null when it is present but cannot be
  // decoded. A broken subjectAltName yields no names at all (no CN fallback): the certificate
  // claims SAN identities we cannot read, and guessing from the CN would be looser than intended.
  const san = cert.subjectAltName as string | null | undefined;
  if (san === null) return [];
  const dns = dnsNamesOf(san);
  if (dns.length > 0) return dns;
  return commonNames(cert.subject);
}

/** The dNSName values of Node's `subjectAltName` string (undefined when the extension is absent). */
export function dnsNamesOf(subjectAltName: string | null | undefined): string[] {
  if (typeof subjectAltName !== 'string' || subjectAltName === '') return [];
  const names: string[] = [];
  for (const entry of parseSubjectAltName(subjectAltName)) {
    if (entry.type === 'DNS') names.push(entry.value);
  }
  return names;
}

export interface AltNameEntry {
  /** 'DNS', 'IP Address', 'email', 'URI', 'DirName', 'othername', ... as Node prints it. */
  type: string;
  value: string;
}

/**
 * Parse Node's subjectAltName string: entries 'TYPE:value' separated by ', '. Since Node 17.3
 * (and 16.13.2, CVE-2021-44532) a value holding ',', '"', '\', '\'' or a control character is
 * printed as a JSON string literal (DNS:"a,b"), so commas inside quotes do not separate entries.
 * An unterminated or invalid quoted string takes the rest of the input as its raw value rather
 * than throwing: the text comes from a remote certificate.
 */
export function parseSubjectAltName(text: string): AltNameEntry[] {
  const entries: AltNameEntry[] = [];
  let offset = 0;
  while (offset < text.length) {
    const colon = text.indexOf(':', offset);
    if (colon === -1) break; // trailing junk without a type: not an entry
    const type = text.slice(offset, colon);
    const { value, end } = readValue(text, colon + 1);
    entries.push({ type, value });
    offset = text.startsWith(', ', end) ? end + 2 : text.length;
  }
  return entries;
}

/** A JSON string literal as Node escapes it (same pattern as Node's own lib/tls.js). */
const JSON_STRING = /^"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/;

function readValue(text: string, start: number): { value: string; end: number } {
  if (text[start] === '"') {
    const match = JSON_STRING.exec(text.slice(start));
    if (match !== null) {
      return { value: JSON.parse(match[0]) as string, end: start + match[0].length };
    }
    return { value: text.slice(start), end: text.length };
  }
  const sep = text.indexOf(', ', start);
  const end = sep === -1 ? text.length : sep;
  return { value: text.slice(start, end), end };
}

/**
 * The CN values of Node's multi-line subject ('C=US\nO=Example\\, Inc.\nCN=mx.example.com').
 * Node prints with RFC 2253 escaping (XN_FLAG_SEP_MULTILINE | ASN1_STRFLGS_ESC_2253 | ESC_CTRL),
 * so the value is unescaped here; an escaped control character comes back as that character and
 * then never matches.
 */
export function commonNames(subject: string | null | undefined): string[] {
  if (typeof subject !== 'string') return [];
  const names: string[] = [];
  for (const line of subject.split('\n')) {
    if (line.startsWith('CN=')) names.push(unescapeDnValue(line.slice(3)));
  }
  return names;
}

function unescapeDnValue(value: string): string {
  return value.replace(/\\([0-9A-Fa-f]{2}|.)/g, (_all, esc: string) => (esc.length === 2 ? String.fromCharCode(parseInt(esc, 16)) : esc));
}

/**
 * Lower-cased labels of a name, one trailing dot removed; null when the name can never take part
 * in a match (empty, an empty label, or any character outside printable ASCII 0x21-0x7E).
 */
function labelsOf(name: string): string[] | null {
  if (!/^[\x21-\x7e]+$/.test(name)) return null;
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const labels = bare.toLowerCase().split('.');
  if (labels.some((label) => label === '')) return null;
  return labels;
}

/** Does the presented name `pattern` (from the certificate) match the reference `host`? */
export function matchesName(pattern: string, host: string): boolean {
  const hostLabels = labelsOf(host);
  const patternLabels = labelsOf(pattern);
  if (hostLabels === null || patternLabels === null) return false;
  if (hostLabels.some((label) => label.includes('*'))) return false;
  if (isIP(hostLabels.join('.')) !== 0) return false;
  if (hostLabels.length !== patternLabels.length) return false;
  const [first, ...rest] = patternLabels;
  if (rest.some((label) => label.includes('*'))) return false;
  for (let i = 1; i < patternLabels.length; i += 1) {
    if (patternLabels[i] !== hostLabels[i]) return false;
  }
  if (first === '*') return patternLabels.length >= 3;
  // Any other '*' is a partial wildcard ('f*', 'w*', '*x'): RFC 9525 §6.3 forbids it.
  return !first.includes('*') && first === hostLabels[0];
}

/** Does any of the certificate's names match `host`? */
export function matchesAny(names: readonly string[], host: string): boolean {
  return names.some((name) => matchesName(name, host));
}

/**
 * Postfix's wildcard rule (tls_wildcard_matches_multiple_labels = yes, its default): besides what
 * matchesName allows, '*.example.com' also matches 'a.b.example.com'.
 */
export function matchesNameMultiLabel(pattern: string, host: string): boolean {
  if (matchesName(pattern, host)) return true;
  const patternLabels = labelsOf(pattern);
  const hostLabels = labelsOf(host);
  if (patternLabels === null || hostLabels === null || patternLabels[0] !== '*' || patternLabels.length < 3) return false;
  if (isIP(hostLabels.join('.')) !== 0 || hostLabels.some((label) => label.includes('*'))) return false;
  const base = patternLabels.slice(1);
  return base.every((label) => !label.includes('*')) && hostLabels.length > base.length && endsWithLabels(hostLabels, base);
}

/**
 * Is the certificate name `name` the domain or a name under it (Postfix `nexthop, dot-nexthop`)?
 * 'example.com', 'mx.example.com' and '*.example.com' are, for example.com; 'badexample.com' is not.
 */
export function isAtOrUnder(name: string, domain: string): boolean {
  const nameLabels = labelsOf(name);
  const domainLabels = labelsOf(domain);
  if (nameLabels === null || domainLabels === null || isIP(domainLabels.join('.')) !== 0) return false;
  const bare = nameLabels[0] === '*' && nameLabels.length >= 3 ? nameLabels.slice(1) : nameLabels;
  if (bare.some((label) => label.includes('*')) || domainLabels.some((label) => label.includes('*'))) return false;
  return bare.length >= domainLabels.length && endsWithLabels(bare, domainLabels);
}

/**
 * Does a certificate name match a configured TLS domain (Microsoft 365's TlsDomain): a name, or
 * '*.contoso.com' for any name under contoso.com.
 */
export function matchesConfiguredName(name: string, configured: string): boolean {
  if (configured.startsWith('*.')) {
    const base = configured.slice(2);
    return isAtOrUnder(name, base) && !matchesName(name, base);
  }
  return matchesName(name, configured);
}

function endsWithLabels(labels: readonly string[], suffix: readonly string[]): boolean {
  const offset = labels.length - suffix.length;
  return suffix.every((label, i) => labels[offset + i] === label);
}
