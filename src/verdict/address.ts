/**
 * Would one MX address accept a session under one setting? A pure function of what the probe
 * saw, the setting's row, what the receiver's policy demands of the host, and the certificate
 * judgement; no I/O.
 */
import type { AddressResult, CertificateReport, Transport } from '../model/report.js';
import { olderThan, type SettingRule, type TlsVersion, type Verification } from '../model/settings.js';
import { REASON_CLASS, type Failure, type Phase, type Reason } from '../model/vocabulary.js';
import type { HostDemand } from './host-demand.js';

export type AddressVerdict =
  | { outcome: 'accept'; transport: Transport; reasons: Reason[] }
  | { outcome: 'reject'; reasons: Reason[] }
  | { outcome: 'undetermined'; reasons: Reason[] };

/**
 * The reasons a certificate presented by `mxHost` fails a verification; empty when it passes.
 * Injected so the verdict stays independent of the TLS module.
 */
export type CertificateReasons = (certificate: CertificateReport, verification: Verification, mxHost: string) => Reason[];

/** The same, at one MX host. */
export type CertificateCheck = (certificate: CertificateReport, verification: Verification) => Reason[];

/** Phases a sender that never sends STARTTLS (the relay's `off`) does not reach: what failed there cannot stop it. */
const TLS_PHASES: ReadonlySet<Phase> = new Set(['starttls', 'tls', 'ehlo-tls', 'quit']);

/** RFC 8461 §4.2: a certificate that chains to a trusted root and is valid for the MX host. */
const STS_VERIFICATION: Verification = { trust: true, names: ['mx-host'], wildcard: 'one-label' };

/** What the address must pass, once the receiver's policy is folded into the setting's row. */
interface Requirement {
  startTls: boolean;
  withoutTls: SettingRule['withoutTls'];
  minTls: TlsVersion;
  /** The certificate's problems; null when any certificate is accepted. */
  check: ((address: AddressResult) => Reason[]) | null;
  /** Added to the reasons when the address is refused because of the receiver's policy. */
  policyReason: Reason | null;
}

/** One address judged under `rule` at a host the receiver's policy makes `demand` of. */
export function judgeAddress(
  address: AddressResult,
  rule: SettingRule,
  certificateReasons: CertificateCheck,
  demand: HostDemand = { kind: 'none' },
): AddressVerdict {
  return hostJudge(rule, certificateReasons, demand)(address);
}

/**
 * The judgement of every address of one host: what the setting and the receiver's policy demand
 * is worked out once per host, not once per address.
 */
export function hostJudge(
  rule: SettingRule,
  certificateReasons: CertificateCheck,
  demand: HostDemand,
): (address: AddressResult) => AddressVerdict {
  if (demand.kind === 'refuse') {
    const outcome = demand.deliverable === null ? 'undetermined' : 'reject';
    return () => ({ outcome, reasons: [demand.reason] });
  }
  const need = requirement(rule, demand, certificateReasons);
  return (address) => judgeRequirement(address, need);
}

function requirement(rule: SettingRule, demand: HostDemand, certificateReasons: CertificateCheck): Requirement {
  const byVerification = (verification: Verification | null) =>
    verification === null
      ? null
      : (address: AddressResult): Reason[] =>
          address.certificate ? certificateReasons(address.certificate, verification) : ['certificate-invalid'];
  const base: Requirement = { ...rule, check: byVerification(rule.verify), policyReason: null };
  switch (demand.kind) {
    case 'none':
    case 'refuse':
      return base;
    case 'encrypt':
      return { ...base, withoutTls: 'not-delivered', policyReason: 'tlsa-unusable' };
    case 'dane': {
      // RFC 7672 §3: the TLSA records authenticate the server in place of the CA system; a check the
      // admin configured on top (Microsoft 365's DomainValidation) still applies.
      const own = base.check;
      return {
        ...base,
        withoutTls: 'not-delivered',
        check: (address) => [...(demand.matched.get(address.address) === true ? [] : ['tlsa-invalid' as const]), ...(own?.(address) ?? [])],
      };
    }
    case 'mta-sts': {
      const own = base.check;
      const sts = byVerification(STS_VERIFICATION) as (address: AddressResult) => Reason[];
      return {
        ...base,
        withoutTls: 'not-delivered',
        minTls: olderThan(base.minTls, 'TLSv1.2') ? 'TLSv1.2' : base.minTls,
        check: (address) => [...new Set([...(own?.(address) ?? []), ...sts(address)])],
        policyReason: 'mta-sts-enforce',
      };
    }
  }
}

function judgeRequirement(address: AddressResult, need: Requirement): AddressVerdict {
  const verdict = judgeSession(address, need);
  if (verdict.outcome !== 'reject' || need.policyReason === null || verdict.reasons.includes(need.policyReason)) return verdict;
  return { outcome: 'reject', reasons: [need.policyReason, ...verdict.reasons] };
}

function judgeSession(address: AddressResult, need: Requirement): AddressVerdict {
  const failure = address.failure;
  if (!need.startTls) {
    if (failure && !TLS_PHASES.has(failure.phase)) return judgeFailure(failure, need);
    // The session got past EHLO: a sender with TLS turned off sends its mail now, in plaintext.
    return address.extensions !== null ? { outcome: 'accept', transport: 'plaintext', reasons: [] } : judgeMissingEhlo();
  }
  const legacy = legacyVersionAccepted(address, need.minTls);
  if (failure && failure.phase !== 'quit' && !legacy) return judgeFailure(failure, need);
  if (address.starttls !== true) return withoutTls(need, 'starttls-not-supported');
  if (!address.tls && !legacy) return withoutTls(need, 'tls-handshake-failed');
  if (address.tls && olderThan(address.tls.protocol, need.minTls)) return withoutTls(need, 'tls-version-below-minimum');
  if (need.check === null) return { outcome: 'accept', transport: 'tls', reasons: [] };
  const problems = need.check(address);
  if (problems.length === 0) return { outcome: 'accept', transport: 'verified-tls', reasons: [] };
  // Strict reading for preferred-verify (Salesforce API reference): a failed verification is
  // not delivered, even though plaintext would have been used had TLS not been offered.
  return { outcome: 'reject', reasons: problems };
}

/**
 * The server speaks only TLS 1.0/1.1 and the sender negotiates that version (Postfix's default
 * protocols): TLS is on, over the version the legacy probe learned.
 */
function legacyVersionAccepted(address: AddressResult, minTls: TlsVersion): boolean {
  if (address.failure?.reason !== 'tls-version-unsupported') return false;
  return (address.legacyProtocols ?? []).some((version) => !olderThan(version, minTls));
}

function judgeFailure(failure: Failure, need: Pick<Requirement, 'withoutTls'>): AddressVerdict {
  const kind = REASON_CLASS[failure.reason];
  // Timeouts, 421, resets, unreachable networks: a real MTA defers and retries (docs/domain.md, "Several MX hosts"), so
  // the TLS posture of this address is unknown, never "no TLS".
  if (kind === 'undetermined') return { outcome: 'undetermined', reasons: [failure.reason] };
  // 454 to STARTTLS, a failed handshake, TLS < 1.2 only: "TLS not negotiable".
  if (kind === 'no-tls') return withoutTls(need, failure.reason);
  return { outcome: 'reject', reasons: [failure.reason] };
}

/** No failure recorded and no EHLO reply: only a probe that never ran (cannot happen after a session); never "delivered". */
function judgeMissingEhlo(): AddressVerdict {
  return { outcome: 'undetermined', reasons: ['connection-closed'] };
}

function withoutTls(need: Pick<Requirement, 'withoutTls'>, reason: Reason): AddressVerdict {
  return need.withoutTls === 'plaintext'
    ? { outcome: 'accept', transport: 'plaintext', reasons: [reason] }
    : { outcome: 'reject', reasons: [reason] };
}
