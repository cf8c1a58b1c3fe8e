/**
 * TLSA records (RFC 6698) for DANE: the owner name of a service, the lookup with the DO bit and
 * CNAMEs followed (RFC 7671 §7), and the SERVFAIL retry with CD set that tells a bogus answer
 * (the resolver's validation failed, the data exists) from a broken server (RFC 7672 §2.1.1).
 * What DNSSEC status follows from it is the caller's judgement (src/policy/dane.ts).
 */
import type { Answer } from 'dns-packet';
import type { TlsaRecord } from '../model/policy.js';
import { lookupFollowing } from './follow.js';
import { canonicalName } from './message.js';
import type { Resolver } from './resolver.js';

export type TlsaLookup =
  /** The lookup ended (records, NODATA or NXDOMAIN); `authenticated`: AD on every answer of the chain. */
  | { kind: 'answer'; name: string; records: TlsaRecord[]; authenticated: boolean }
  /** SERVFAIL, but asked again with CD the resolver answered: the data fails validation. */
  | { kind: 'bogus'; name: string; records: TlsaRecord[] }
  /** No usable answer either way (timeout, SERVFAIL with and without CD, another error). */
  | { kind: 'failure'; message: string };

/** RFC 6698 §3: `_<port>._tcp.<host>`. */
export function tlsaOwnerName(host: string, port: number): string {
  return `_${port}._tcp.${canonicalName(host)}`;
}

/** One TLSA answer as our model holds it; null when it is not one (dns-packet hands back what it decoded). */
export function tlsaRecordOf(answer: Answer): TlsaRecord | null {
  if (answer.type !== 'TLSA' || typeof answer.data !== 'object' || answer.data === null) return null;
  const { usage, selector, matchingType, certificate } = answer.data;
  if (![usage, selector, matchingType].every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return null;
  if (!Buffer.isBuffer(certificate)) return null;
  return { usage, selector, matchingType, data: certificate.toString('hex') };
}

function recordsOf(answers: Answer[]): TlsaRecord[] {
  return answers.map(tlsaRecordOf).filter((r): r is TlsaRecord => r !== null);
}

export async function lookupTlsa(resolver: Resolver, name: string): Promise<TlsaLookup> {
  const asked = await lookupFollowing(resolver, name, 'TLSA', { dnssecOk: true });
  switch (asked.kind) {
    case 'records':
      return { kind: 'answer', name: asked.name, records: recordsOf(asked.records), authenticated: asked.authenticated };
    case 'nodata':
    case 'nxdomain':
      return { kind: 'answer', name: asked.name, records: [], authenticated: asked.authenticated };
    case 'failure': {
      if (asked.reason !== 'dns-servfail') return { kind: 'failure', message: asked.message };
      const unchecked = await lookupFollowing(resolver, name, 'TLSA', { dnssecOk: true, checkingDisabled: true });
      if (unchecked.kind === 'failure') {
        return { kind: 'failure', message: `${asked.message}, and again with checking disabled (${unchecked.message})` };
      }
      return { kind: 'bogus', name: unchecked.name, records: unchecked.kind === 'records' ? recordsOf(unchecked.records) : [] };
    }
  }
}
