/**
 * Would one MX address accept a session under one setting? A pure function of what the probe
 * saw (and the certificate judgement) and the setting's rule; no I/O.
 */
import type { AddressResult, CertificateReport, Transport } from '../model/report.js';
import type { SettingRule } from '../model/settings.js';
import { REASON_CLASS, type Failure, type Phase, type Reason } from '../model/vocabulary.js';

export type AddressVerdict =
  | { outcome: 'accept'; transport: Transport; reasons: Reason[] }
  | { outcome: 'reject'; reasons: Reason[] }
  | { outcome: 'undetermined'; reasons: Reason[] };

/** The reasons a certificate fails verification; empty when it verifies. Injected so the verdict stays independent of the TLS module. */
export type CertificateReasons = (certificate: CertificateReport) => Reason[];

/** Phases a sender that never sends STARTTLS (the relay's `off`) does not reach: what failed there cannot stop it. */
const TLS_PHASES: ReadonlySet<Phase> = new Set(['starttls', 'tls', 'ehlo-tls', 'quit']);

export function judgeAddress(address: AddressResult, rule: SettingRule, certificateReasons: CertificateReasons): AddressVerdict {
  const failure = address.failure;
  if (!rule.startTls) {
    if (failure && !TLS_PHASES.has(failure.phase)) return judgeFailure(failure, rule);
    // The session got past EHLO: a sender with TLS turned off sends its mail now, in plaintext.
    return address.extensions !== null ? { outcome: 'accept', transport: 'plaintext', reasons: [] } : judgeMissingEhlo();
  }
  if (failure && failure.phase !== 'quit') return judgeFailure(failure, rule);
  if (address.starttls !== true) return withoutTls(rule, 'starttls-not-supported');
  if (!address.tls) return withoutTls(rule, 'tls-handshake-failed');
  if (!rule.verify) return { outcome: 'accept', transport: 'tls', reasons: [] };
  const problems = address.certificate ? certificateReasons(address.certificate) : ['certificate-invalid' as const];
  if (problems.length === 0) return { outcome: 'accept', transport: 'verified-tls', reasons: [] };
  // Strict reading for preferred-verify (Salesforce API reference): a failed verification is
  // not delivered, even though plaintext would have been used had TLS not been offered.
  return { outcome: 'reject', reasons: problems };
}

function judgeFailure(failure: Failure, rule: SettingRule): AddressVerdict {
  const kind = REASON_CLASS[failure.reason];
  // Timeouts, 421, resets, unreachable networks: a real MTA defers and retries (docs/domain.md, "Several MX hosts"), so
  // the TLS posture of this address is unknown, never "no TLS".
  if (kind === 'undetermined') return { outcome: 'undetermined', reasons: [failure.reason] };
  // 454 to STARTTLS, a failed handshake, TLS < 1.2 only: "TLS not negotiable".
  if (kind === 'no-tls') return withoutTls(rule, failure.reason);
  return { outcome: 'reject', reasons: [failure.reason] };
}

/** No failure recorded and no EHLO reply: only a probe that never ran (cannot happen after a session); never "delivered". */
function judgeMissingEhlo(): AddressVerdict {
  return { outcome: 'undetermined', reasons: ['connection-closed'] };
}

function withoutTls(rule: SettingRule, reason: Reason): AddressVerdict {
  return rule.withoutTls === 'plaintext'
    ? { outcome: 'accept', transport: 'plaintext', reasons: [reason] }
    : { outcome: 'reject', reasons: [reason] };
}
