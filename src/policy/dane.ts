/**
 * DANE for SMTP (RFC 7672, RFC 7671): per MX host, the TLSA records at `_<port>._tcp.<host>`,
 * what DNSSEC says about them (believed only through the AD bit of a trusted resolver), and per
 * address whether a usable record matches what the server presented in the probe's handshake
 * (no second handshake). Observation in, judgement out; the Salesforce verdicts do not use it.
 */
import net from 'node:net';
import { lookupFollowing } from '../dns/follow.js';
import type { Resolver } from '../dns/resolver.js';
import { canonicalName } from '../dns/message.js';
import { lookupTlsa, tlsaOwnerName, type TlsaLookup } from '../dns/tlsa.js';
import type { MxHost, ProbeObservation } from '../model/observation.js';
import {
  DANE_EE,
  usableRecord,
  type DaneFinding,
  type DaneHostJudgement,
  type DanePolicy,
  type DaneStatus,
  type TlsaRecord,
} from '../model/policy.js';
import { sanitize } from '../text/sanitize.js';
import { decodeCertificate } from '../tls/certificate-memo.js';
import { certificateNames, matchesAny } from '../tls/names.js';
import { associationData, chainReachesAnchor } from '../tls/tlsa-match.js';

export interface DaneInput {
  /** The recipient domain (a DANE-TA leaf may name it instead of the MX host, RFC 7672 §3.2.2). */
  domain: string;
  /** The SMTP port probed: TLSA records live at `_<port>._tcp.<host>`. */
  port: number;
  hosts: readonly MxHost[];
  /** What the probe saw at each (MX host, address); addresses not probed are simply absent. */
  observations: readonly ProbeObservation[];
  resolver: Resolver;
  /** Whether the resolver's AD bit is believed (see src/dns/trust-ad.ts). */
  resolverTrusted: boolean;
}

/** RFC 7672 §3.1: DANE-TA(2) and DANE-EE(3) only. */
/** Does `record` match the chain as sent (leaf first)? For DANE-TA the leaf must also carry a reference name. */
export function recordMatches(record: TlsaRecord, chain: readonly Buffer[], names: readonly string[]): boolean {
  if (!usableRecord(record) || chain.length === 0) return false;
  const matchesCert = (der: Buffer): boolean => associationData(der, record.selector, record.matchingType)?.toString('hex') === record.data;
  // DANE-EE: the leaf's certificate or key, and nothing else: no names, no dates (RFC 7672 §3.1.1).
  if (record.usage === DANE_EE) return matchesCert(chain[0]!);
  // DANE-TA: an issuer certificate as sent, linked to the leaf by signatures (RFC 7671 §5.2.2).
  const anchor = chain.findIndex((der, i) => i > 0 && matchesCert(der));
  if (anchor === -1 || !chainReachesAnchor(chain, anchor)) return false;
  const leaf = decodeCertificate(chain[0]!);
  return leaf !== null && names.some((name) => matchesAny(certificateNames(leaf), name));
}

/** The `3 1 1` record for a leaf's key: what to publish after a key rollover (RFC 7671 §8.1). */
export function currentKeyRecord(leaf: Buffer): TlsaRecord | null {
  const data = associationData(leaf, 1, 1);
  return data === null ? null : { usage: DANE_EE, selector: 1, matchingType: 1, data: data.toString('hex') };
}

interface HostOutcome {
  judgement: DaneHostJudgement;
  /** Findings this host contributes; each with the host to name in the message. */
  findings: DaneFinding[];
  /** The TLSA lookup got no answer: whether DANE applies is unknown, so the domain gets a policy entry. */
  lookupFailed: boolean;
}

/**
 * The status from the lookups alone (RFC 7672 §2.1.1). Secure TLSA records at a host whose
 * address records are not signed do not count either: a DANE sender does not even look them up
 * (RFC 7672 §2.2.2), so the host is insecure.
 */
export function statusOf(tlsa: TlsaLookup, addressesSecure: boolean, trusted: boolean): DaneStatus {
  if (tlsa.kind === 'failure' || !trusted) return 'unknown';
  if (tlsa.kind === 'bogus') return 'bogus';
  return tlsa.authenticated && addressesSecure ? 'secure' : 'insecure';
}

/** What the host's A/AAAA lookups say, asked again through the run's cache (no new query). */
interface HostAddressing {
  /** Every address answer validated (AD along its whole chain). */
  secure: boolean;
  /** The name the addresses are at when the host is an alias and the chain is secure, else null. */
  expanded: string | null;
}

async function addressing(resolver: Resolver, host: string): Promise<HostAddressing> {
  const lookups = await Promise.all([lookupFollowing(resolver, host, 'A'), lookupFollowing(resolver, host, 'AAAA')]);
  const answered = lookups.flatMap((l) => (l.kind === 'records' ? [l] : []));
  const secure = answered.length > 0 && answered.every((l) => l.authenticated);
  const end = answered[0]?.name;
  return { secure, expanded: secure && end !== undefined && end !== canonicalName(host) ? end : null };
}

/**
 * The TLSA records of a host and the name they were found at (RFC 7672 §2.2.2, RFC 7671 §7): an
 * MX host that is an alias, securely expanded, has its records looked up at the expanded name
 * first, and at its own name only when the expanded name has none.
 */
async function tlsaOf(host: string, addressed: HostAddressing, input: DaneInput): Promise<{ owner: string; tlsa: TlsaLookup }> {
  if (addressed.expanded !== null) {
    const owner = tlsaOwnerName(addressed.expanded, input.port);
    const tlsa = await lookupTlsa(input.resolver, owner);
    if (tlsa.kind !== 'answer' || tlsa.records.length > 0) return { owner, tlsa };
  }
  const owner = tlsaOwnerName(host, input.port);
  return { owner, tlsa: await lookupTlsa(input.resolver, owner) };
}

async function judgeHost(host: MxHost, input: DaneInput): Promise<HostOutcome> {
  const addressed = await addressing(input.resolver, host.host);
  const { owner, tlsa } = await tlsaOf(host.host, addressed, input);
  const status = statusOf(tlsa, addressed.secure, input.resolverTrusted);
  const records = tlsa.kind === 'failure' ? [] : tlsa.records;
  const usable = records.filter(usableRecord);
  // A DANE-TA leaf may name the MX host, its expanded name, or the recipient domain (RFC 7672 §3.2.2).
  const names = [host.host, ...(addressed.expanded === null ? [] : [addressed.expanded]), input.domain];
  let suggestedRecord: TlsaRecord | null = null;
  const addresses = host.addresses.map(({ address }) => {
    const seen = input.observations.find((o) => o.host === host.host && o.address === address);
    const chain = (seen?.tls ?? seen?.legacyTls)?.chain ?? [];
    if (records.length === 0 || chain.length === 0) return { address, matched: null, matchedRecord: null };
    const matchedRecord = usable.find((record) => recordMatches(record, chain, names)) ?? null;
    if (matchedRecord === null) suggestedRecord ??= currentKeyRecord(chain[0]!);
    return { address, matched: matchedRecord !== null, matchedRecord };
  });
  const judgement: DaneHostJudgement = {
    host: host.host,
    port: input.port,
    tlsaName: tlsa.kind === 'failure' ? owner : tlsa.name,
    status,
    records,
    addresses,
    suggestedRecord,
  };
  return { judgement, findings: hostFindings(judgement, host, input), lookupFailed: tlsa.kind === 'failure' };
}

/**
 * What a DANE sender would trip over at this host. Records count when the status is secure, or
 * unknown because the resolver is not trusted (a sender with a validating resolver may be bound
 * by them); insecure records are ignored by DANE senders, and so by us.
 */
function hostFindings(judgement: DaneHostJudgement, host: MxHost, input: DaneInput): DaneFinding[] {
  if (judgement.status === 'bogus') return ['dnssec-invalid'];
  const inForce = judgement.status === 'secure' || (judgement.status === 'unknown' && !input.resolverTrusted);
  if (!inForce || judgement.records.length === 0) return [];
  const findings: DaneFinding[] = [];
  if (judgement.records.some((r) => !usableRecord(r))) findings.push('tlsa-unusable');
  if (judgement.records.some(usableRecord) && judgement.addresses.some((a) => a.matched === false)) findings.push('tlsa-invalid');
  // RFC 7672 §2.2: any TLSA record, usable or not, makes TLS mandatory for a DANE sender.
  const noStarttls = host.addresses.some(({ address }) => {
    const seen = input.observations.find((o) => o.host === host.host && o.address === address);
    return seen?.starttlsOffered === false;
  });
  if (noStarttls) findings.push('dane-required');
  return findings;
}

const FINDING_ORDER: readonly DaneFinding[] = ['dnssec-invalid', 'tlsa-invalid', 'tlsa-unusable', 'dane-required', 'resolver-untrusted'];

function findingMessage(finding: DaneFinding, hosts: string[], outcomes: HostOutcome[]): string {
  const list = hosts.map((h) => sanitize(h)).join(', ');
  switch (finding) {
    case 'dnssec-invalid':
      return `the TLSA lookup of ${list} fails DNSSEC validation (bogus): a DANE sender defers mail to it`;
    case 'tlsa-invalid': {
      const suggestions = outcomes
        .filter((o) => hosts.includes(o.judgement.host) && o.judgement.suggestedRecord)
        .map((o) => `${sanitize(o.judgement.tlsaName)}. IN TLSA ${recordText(o.judgement.suggestedRecord!)}`);
      const publish = suggestions.length > 0 ? `; to match the current key publish ${suggestions.join(' and ')}` : '';
      return `no usable TLSA record of ${list} matches the certificate or key the server presents (a stale record after a rollover?): a DANE sender does not deliver${publish}`;
    }
    case 'tlsa-unusable':
      return `${list} publishes TLSA records a DANE sender for SMTP cannot use (PKIX-TA(0)/PKIX-EE(1) usage, or unknown parameters): only DANE-TA(2) and DANE-EE(3) count`;
    case 'dane-required':
      return `${list} publishes TLSA records but does not offer STARTTLS: a DANE sender does not deliver`;
    case 'resolver-untrusted':
      return 'the resolver is not on loopback and not named with --trust-ad: its AD bit is not believed, so the DNSSEC status is unknown';
  }
}

/** `3 1 1 ab12...` as it is written in a zone file. */
export function recordText(record: TlsaRecord): string {
  return `${record.usage} ${record.selector} ${record.matchingType} ${record.data}`;
}

/**
 * The DANE part of a domain's policies; null when none is published: no MX host has TLSA records,
 * none is bogus and no lookup failed.
 */
export async function checkDane(input: DaneInput): Promise<DanePolicy | null> {
  const named = input.hosts.filter((h) => net.isIP(h.host.replace(/^\[(.*)\]$/, '$1')) === 0);
  const outcomes = await Promise.all(named.map((host) => judgeHost(host, input)));
  const published = outcomes.some((o) => o.judgement.records.length > 0 || o.judgement.status === 'bogus' || o.lookupFailed);
  if (!published) return null;
  const byFinding = new Map<DaneFinding, string[]>();
  for (const outcome of outcomes) {
    for (const finding of outcome.findings) byFinding.set(finding, [...(byFinding.get(finding) ?? []), outcome.judgement.host]);
  }
  if (!input.resolverTrusted) byFinding.set('resolver-untrusted', []);
  const findings = FINDING_ORDER.filter((f) => byFinding.has(f));
  const messages = findings.map((f) => findingMessage(f, byFinding.get(f)!, outcomes));
  return { resolverTrusted: input.resolverTrusted, hosts: outcomes.map((o) => o.judgement), findings, messages };
}
