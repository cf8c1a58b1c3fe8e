/**
 * Per-MX-host changes between two runs of one domain: hosts added or removed, STARTTLS lost or
 * gained, a certificate that now fails or now verifies. Pure. Judged per host over its addresses,
 * so a host whose addresses changed between runs is still compared.
 */
import { canonicalDomain } from '../text/names.js';
import type { AddressResult, BaselineChange, CertificateReport, DomainResult, MxHostResult } from '../model/report.js';
import { verificationFailure } from '../tls/analyze.js';

type Change = Omit<BaselineChange, 'domain' | 'setting'>;

export function compareHosts(then: DomainResult, now: DomainResult): Change[] {
  // A DNS failure says nothing about the mail hosts (RFC 5321 §5.1: a sender defers): never call
  // them removed or added because one lookup failed. NXDOMAIN and null MX are definite answers.
  if (then.dns.outcome === 'dns-failure' || now.dns.outcome === 'dns-failure') return [];
  const before = byName(then.mx);
  const after = byName(now.mx);
  const changes: Change[] = [];
  for (const [name, host] of after) {
    const old = before.get(name);
    if (!old)
      changes.push({
        kind: 'mx-added',
        host: name,
        before: null,
        after: mxLabel(host),
        regression: false,
        effect: 'neutral',
        undetermined: false,
      });
    else changes.push(...starttlsChange(name, old, host), ...certificateChange(name, old, host));
  }
  for (const [name, host] of before) {
    if (!after.has(name))
      changes.push({
        kind: 'mx-removed',
        host: name,
        before: mxLabel(host),
        after: null,
        regression: false,
        effect: 'neutral',
        undetermined: false,
      });
  }
  return changes;
}

function byName(hosts: MxHostResult[]): Map<string, MxHostResult> {
  const map = new Map<string, MxHostResult>();
  for (const host of hosts) if (!map.has(canonicalDomain(host.host))) map.set(canonicalDomain(host.host), host);
  return map;
}

function mxLabel(host: MxHostResult): string {
  return host.implicit ? 'implicit MX' : `MX ${host.preference}`;
}

type StarttlsState = { state: 'offered' | 'not-offered' | 'mixed' | 'unknown'; seen: number };

/**
 * What the host's addresses said about STARTTLS. Addresses where the session ended before EHLO
 * (timeout, 421, refused: `starttls` is null) are left out: a timeout is not a lost STARTTLS.
 */
function starttlsState(host: MxHostResult): StarttlsState {
  const seen = host.addresses.filter((address) => address.starttls !== null);
  if (seen.length === 0) return { state: 'unknown', seen: 0 };
  const offering = seen.filter((address) => address.starttls === true).length;
  const state = offering === seen.length ? 'offered' : offering === 0 ? 'not-offered' : 'mixed';
  return { state, seen: seen.length };
}

function starttlsChange(name: string, old: MxHostResult, host: MxHostResult): Change[] {
  const before = starttlsState(old);
  const after = starttlsState(host);
  const text = (s: StarttlsState) => `${s.state === 'offered' ? 'offered' : 'not offered'} (${addressCount(s.seen)})`;
  if (before.state === 'offered' && after.state === 'not-offered') {
    return [
      {
        kind: 'starttls-lost',
        host: name,
        before: text(before),
        after: text(after),
        regression: true,
        effect: 'regression',
        undetermined: false,
      },
    ];
  }
  if (before.state === 'not-offered' && after.state === 'offered') {
    return [
      {
        kind: 'starttls-gained',
        host: name,
        before: text(before),
        after: text(after),
        regression: false,
        effect: 'improvement',
        undetermined: false,
      },
    ];
  }
  return [];
}

/** What keeps a certificate from verifying, in words, by the one rule of src/tls/analyze.ts. */
function certificateProblems(certificate: CertificateReport): string[] {
  const failure = verificationFailure(certificate);
  const problems: string[] = [];
  if (failure.trust !== null) problems.push(failure.trust);
  if (failure.nameMismatch) problems.push('name mismatch');
  return problems;
}

type CertificateState = { state: 'verified' | 'fails' | 'unknown'; problems: string[] };

/** Addresses that sent no certificate (no STARTTLS, timeouts) do not count either way. */
function certificateState(addresses: AddressResult[]): CertificateState {
  const certificates = addresses.flatMap((address) => (address.certificate ? [address.certificate] : []));
  if (certificates.length === 0) return { state: 'unknown', problems: [] };
  const problems = [...new Set(certificates.flatMap(certificateProblems))];
  return { state: problems.length === 0 ? 'verified' : 'fails', problems };
}

function certificateChange(name: string, old: MxHostResult, host: MxHostResult): Change[] {
  const before = certificateState(old.addresses);
  const after = certificateState(host.addresses);
  if (before.state === 'verified' && after.state === 'fails') {
    return [
      {
        kind: 'certificate-now-fails',
        host: name,
        before: 'verified',
        after: after.problems.join(', '),
        regression: true,
        effect: 'regression',
        undetermined: false,
      },
    ];
  }
  if (before.state === 'fails' && after.state === 'verified') {
    return [
      {
        kind: 'certificate-now-verifies',
        host: name,
        before: before.problems.join(', '),
        after: 'verified',
        regression: false,
        effect: 'improvement',
        undetermined: false,
      },
    ];
  }
  return [];
}

function addressCount(count: number): string {
  return count === 1 ? '1 address' : `${count} addresses`;
}
