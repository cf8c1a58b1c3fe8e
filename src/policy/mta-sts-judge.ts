/**
 * The MTA-STS judgement (RFC 8461): from what DNS, the policy fetch and the MX probe observed to
 * an `MtaStsPolicy`. Pure: no sockets, testable with factory-made observations.
 */
import type { HonouringSender, MtaStsFinding, MtaStsHostJudgement, MtaStsPolicy } from '../model/policy.js';
import type { AddressResult, MxHostResult } from '../model/report.js';
import { REASON_CLASS } from '../model/vocabulary.js';
import { sanitize } from '../text/sanitize.js';
import { matchesAnyMxPattern } from './mx-pattern.js';
import { parsePolicyFile, type StsPolicyFile } from './sts-policy-file.js';
import type { PolicyFetch } from './sts-fetch.js';
import type { StsRecordParse } from './sts-record.js';

/** Below a day, a policy expires between two sends of a typical sender and protects little (RFC 8461 §3.2 suggests weeks). */
export const SHORT_MAX_AGE = 86_400;

export interface MtaStsObservations {
  domain: string;
  /** The TXT lookup at _mta-sts.<domain>, parsed; or why the lookup failed. */
  record: StsRecordParse | { kind: 'dns-failure'; message: string };
  /** The fetch, or null when none was made (no record, DNS failure). */
  fetch: PolicyFetch | null;
  /** The MX probe's results for the domain. */
  mx: readonly MxHostResult[];
}

class Findings {
  readonly findings: MtaStsFinding[] = [];
  readonly messages: string[] = [];
  add(finding: MtaStsFinding, message: string): void {
    this.findings.push(finding);
    this.messages.push(message);
  }
}

/** The domain's MTA-STS part; null when it publishes no MTA-STS record at all. */
export function judgeMtaSts(seen: MtaStsObservations): MtaStsPolicy | null {
  if (seen.record.kind === 'none') return null;
  const found = new Findings();
  const id = recordFindings(seen, found);
  const policy = seen.fetch === null ? null : policyFindings(seen.fetch, seen.domain, found);
  const hosts = policy === null || policy.mode === 'none' ? [] : seen.mx.map((host) => judgeHost(host, policy));
  if (policy !== null) hostFindings(policy, hosts, found);
  const usable = id !== null && policy !== null && !found.findings.some((f) => UNUSABLE.has(f));
  return {
    id,
    policy,
    hosts,
    findings: found.findings,
    messages: found.messages,
    honouringSender: honouringSender(usable ? policy : null, hosts, found),
  };
}

/** Findings after which a sender does not use the policy at all. */
const UNUSABLE: ReadonlySet<MtaStsFinding> = new Set<MtaStsFinding>([
  'sts-record-multiple',
  'sts-record-invalid',
  'sts-record-dns-error',
  'sts-policy-fetch-error',
  'sts-policy-invalid',
  'sts-webpki-invalid',
  'sts-media-type',
]);

function recordFindings(seen: MtaStsObservations, found: Findings): string | null {
  const record = seen.record;
  const at = `_mta-sts.${seen.domain}`;
  switch (record.kind) {
    case 'valid':
      return record.id;
    case 'multiple':
      found.add('sts-record-multiple', `${at} has ${record.count} MTA-STS TXT records; a sender assumes no policy (RFC 8461 §3.1)`);
      return null;
    case 'invalid':
      found.add('sts-record-invalid', `${at}: ${sanitize(record.problem)}; a sender ignores the record`);
      return null;
    case 'dns-failure':
      found.add('sts-record-dns-error', `the TXT lookup of ${at} failed (${sanitize(record.message)}); whether a policy exists is unknown`);
      return null;
    case 'none':
      return null;
  }
}

/** The parsed policy (even one a sender would refuse for its media type), or null. */
function policyFindings(fetch: PolicyFetch, domain: string, found: Findings): StsPolicyFile | null {
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  if (fetch.kind === 'failed') {
    found.add('sts-policy-fetch-error', `the policy at ${url} could not be fetched: ${sanitize(fetch.message)}`);
    return null;
  }
  if (fetch.kind === 'untrusted') {
    const certificate = fetch.certificate;
    const why = [
      certificate.trustError === null ? null : `not trusted (${certificate.trustError})`,
      certificate.matchesMx ? null : `not valid for mta-sts.${domain} (names: ${sanitize(certificate.names.join(', ') || 'none')})`,
    ].filter((part) => part !== null);
    found.add('sts-webpki-invalid', `the certificate of mta-sts.${domain} (${fetch.address}) is ${why.join(' and ')}`);
    return null;
  }
  const mediaType = (fetch.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'text/plain') {
    const shown = fetch.contentType === null ? 'no media type' : `media type "${sanitize(fetch.contentType)}"`;
    found.add('sts-media-type', `the policy is served with ${shown}, not text/plain (RFC 8461 §3.2); a sender refuses it`);
  }
  const parsed = parsePolicyFile(fetch.body);
  if (!parsed.ok) {
    found.add('sts-policy-invalid', `the policy at ${url} is invalid: ${sanitize(parsed.problems.slice(0, 5).join('; '))}`);
    return null;
  }
  if (parsed.policy.maxAge < SHORT_MAX_AGE) {
    found.add('sts-max-age-short', `max_age is ${parsed.policy.maxAge} s, under a day: senders forget the policy almost at once`);
  }
  return parsed.policy;
}

function judgeHost(host: MxHostResult, policy: StsPolicyFile): MtaStsHostJudgement {
  const matchesPattern = matchesAnyMxPattern(policy.mx, host.host);
  const verdicts = host.addresses.map(addressCertificateValid);
  const certificateValid = verdicts.includes(false) ? false : verdicts.includes(true) ? true : null;
  const satisfiesPolicy = !matchesPattern ? false : certificateValid;
  return { host: host.host, matchesPattern, certificateValid, satisfiesPolicy };
}

/**
 * RFC 8461 §4.2: the MX must present a certificate that chains to a trusted root and names the MX
 * host (the recipient domain does not count). No TLS at all fails too; what the probe could not
 * see (a timeout, a skipped family) is undetermined.
 */
function addressCertificateValid(address: AddressResult): boolean | null {
  if (address.certificate !== null) return address.certificate.trusted && address.certificate.matchesMx;
  const reason = address.failure?.reason;
  if (address.starttls === false) return false;
  return reason !== undefined && REASON_CLASS[reason] === 'no-tls' ? false : null;
}

function hostFindings(policy: StsPolicyFile, hosts: MtaStsHostJudgement[], found: Findings): void {
  if (policy.mode === 'none') return;
  const uncovered = hosts.filter((host) => !host.matchesPattern).map((host) => host.host);
  if (uncovered.length > 0) {
    found.add(
      'sts-mx-not-covered',
      `${uncovered.join(', ')} ${uncovered.length === 1 ? 'matches' : 'match'} no mx pattern of the policy (${policy.mx.join(', ')})`,
    );
  }
  const failing = hosts.filter((host) => host.certificateValid === false).map((host) => host.host);
  if (policy.mode === 'enforce' && failing.length > 0) {
    found.add(
      'sts-certificate-invalid',
      `${failing.join(', ')} ${failing.length === 1 ? 'does' : 'do'} not present a certificate that verifies for the MX host name`,
    );
  }
}

function honouringSender(policy: StsPolicyFile | null, hosts: MtaStsHostJudgement[], found: Findings): HonouringSender {
  if (policy === null) {
    const why = found.findings.find((f) => UNUSABLE.has(f)) ?? 'sts-policy-fetch-error';
    return {
      outcome: 'no-policy',
      message: `an MTA-STS sender finds no usable policy (${why}) and delivers as without MTA-STS (one that cached an earlier policy keeps using it)`,
    };
  }
  if (policy.mode === 'none') return { outcome: 'no-policy', message: 'mode none: an MTA-STS sender delivers as without MTA-STS' };
  if (policy.mode === 'testing') {
    return { outcome: 'delivers', message: 'mode testing: an MTA-STS sender delivers whatever the checks say and only reports failures' };
  }
  const good = hosts.filter((host) => host.satisfiesPolicy === true).map((host) => host.host);
  if (good.length > 0) return { outcome: 'delivers', message: `an MTA-STS sender delivers only through ${good.join(', ')}` };
  if (hosts.some((host) => host.satisfiesPolicy === null)) {
    return { outcome: 'undetermined', message: 'an MTA-STS sender might not deliver: no MX host is known to satisfy the enforce policy' };
  }
  return { outcome: 'does-not-deliver', message: 'an MTA-STS sender would not deliver: no MX host satisfies the enforce policy' };
}
