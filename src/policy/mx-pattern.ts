/**
 * The `mx` patterns of an MTA-STS policy (RFC 8461 §4.1): a fully qualified host name, or "*."
 * followed by one, where the wildcard stands for exactly one whole label, the leftmost one
 * ("*.example.com" covers "mx.example.com", not "example.com" nor "a.mx.example.com"). Pure.
 */
import { canonicalDomain } from '../text/names.js';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Is this a syntactically usable pattern (RFC 8461 §3.2 "mx" value)? Case-insensitive; a trailing dot is allowed. */
export function isValidMxPattern(pattern: string): boolean {
  const name = canonicalDomain(pattern);
  const rest = name.startsWith('*.') ? name.slice(2) : name;
  const labels = rest.split('.');
  // A single label would be a TLD or a bare host: no MX host of a real domain is one.
  return labels.length >= 2 && labels.every((label) => LABEL.test(label));
}

/** Does the MX host match the pattern? Both compared case-insensitively, without a trailing dot. */
export function matchesMxPattern(pattern: string, host: string): boolean {
  if (!isValidMxPattern(pattern)) return false;
  const want = canonicalDomain(pattern);
  const name = canonicalDomain(host);
  if (!want.startsWith('*.')) return want === name;
  const dot = name.indexOf('.');
  // The wildcard takes the whole leftmost label, which must not be empty.
  return dot > 0 && name.slice(dot + 1) === want.slice(2);
}

/** Does any pattern match the host? */
export function matchesAnyMxPattern(patterns: readonly string[], host: string): boolean {
  return patterns.some((pattern) => matchesMxPattern(pattern, host));
}
