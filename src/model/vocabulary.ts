/**
 * Closed vocabularies. Every phase and reason the tool can report is listed here, readable in
 * JSON without a lookup; the human sentence for each reason lives in `src/model/reasons.ts`.
 * Reason codes reuse RFC 8460 (TLS-RPT) result types where one fits.
 */

/** Where in the conversation with a host something happened. */
export const PHASES = ['dns', 'connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'quit'] as const;
export type Phase = (typeof PHASES)[number];

/**
 * Why something did not work, as recorded by the network code (an observation) or derived by
 * the verdict. Grouped by what they mean for delivery; see `REASON_CLASS`.
 */
export const REASONS = [
  // Transient or unknown: a real MTA would defer and retry. Never a TLS failure.
  'timeout',
  'throttled', // 421 at any phase
  'smtp-temporary-failure', // other 4xx at banner/EHLO
  'connection-refused',
  'connection-reset',
  'connection-closed',
  'network-unreachable', // this machine has no route (e.g. no IPv6)
  'address-family-skipped', // the user excluded this family (-4 / -6)
  'dns-servfail',
  'dns-timeout',
  'dns-error',
  'not-probed', // --no-probe: judged from the Email Log Files alone, no DNS query, no connection
  // Definite: this host/domain does not take mail at all, whatever the TLS setting.
  'nxdomain',
  'null-mx',
  'no-mail-host', // no MX and no A/AAAA
  'mx-host-unresolvable', // an MX host name with no address (NXDOMAIN / no data)
  'smtp-rejected', // 5xx at banner or EHLO/HELO
  'protocol-error', // a reply that is not SMTP (garbage, oversized, wrong syntax)
  'invalid-input',
  // TLS not offered or not negotiable: plaintext under preferred, not delivered under required.
  'starttls-not-supported',
  'starttls-rejected', // 454 / 5xx answer to STARTTLS
  'tls-handshake-failed',
  'tls-version-unsupported', // the server only speaks TLS 1.0/1.1
  'tls-version-below-minimum', // the newest version the server speaks is older than the setting's minimum (e.g. 1.2 under 1.3)
  'starttls-protocol-error', // garbage or a broken reply after STARTTLS was accepted
  // Certificate judgement: matters only under the verify settings.
  'certificate-expired',
  'certificate-not-yet-valid',
  'certificate-host-mismatch',
  'certificate-self-signed',
  'certificate-incomplete-chain',
  'certificate-not-trusted',
  'certificate-invalid',
  'validation-failure', // RFC 8460: the path breaks a rule (purpose, constraints, extensions, algorithms)
  'certificate-mx-mismatch', // no name matches the MX host (a setting that checks the MX host only)
  'certificate-domain-mismatch', // no name matches the recipient domain or a name under it
  'certificate-tls-domain-mismatch', // no name matches the configured TLS domain (--tls-domain)
  // The receiver's policies, for a sender setting that honours them.
  'mta-sts-enforce', // the host fails the receiver's MTA-STS policy (enforce): TLS 1.2+ with a certificate valid for the MX host
  'sts-mx-not-covered', // MTA-STS enforce: the MX host matches no `mx` pattern of the policy
  'tlsa-invalid', // DANE: no usable TLSA record matches what the server presented
  'tlsa-unusable', // DANE-only: the TLSA records are all unusable
  'dnssec-invalid', // DANE: the TLSA lookup is bogus (the sender defers)
  'dane-no-tlsa', // DANE-only: the MX host publishes no secure TLSA records
  'tlsa-lookup-failed', // DANE: whether TLSA records exist is unknown (lookup failed or the resolver is not trusted)
  'mx-address-limit', // the sender tries only so many addresses (Postfix smtp_mx_address_limit) and stops before one that works
  // Email Relay only.
  'relay-ip-literal', // the relay is an IP address: no name to verify the certificate against
  'auth-not-offered', // --auth: neither AUTH PLAIN nor AUTH LOGIN advertised after STARTTLS
] as const;
export type Reason = (typeof REASONS)[number];

/** The reasons a DNS lookup can fail without a definite answer (a sender defers). */
export const DNS_FAILURE_REASONS = ['dns-servfail', 'dns-timeout', 'dns-error'] as const satisfies readonly Reason[];
export type DnsFailureReason = (typeof DNS_FAILURE_REASONS)[number];

/**
 * What a sender passed over before the address that carries the mail (see
 * `src/verdict/passed-over.ts`): addresses of other MX hosts, earlier addresses of the same
 * host, or both. The sentence for each lives in `src/model/reasons.ts`.
 */
export const PASSED_OVER = ['other-host', 'same-host', 'both'] as const;
export type PassedOver = (typeof PASSED_OVER)[number];

/** What a reason means for delivery. */
export type ReasonClass = 'undetermined' | 'no-mail' | 'no-tls' | 'certificate' | 'policy' | 'input';

export const REASON_CLASS: Record<Reason, ReasonClass> = {
  timeout: 'undetermined',
  throttled: 'undetermined',
  'smtp-temporary-failure': 'undetermined',
  'connection-refused': 'undetermined',
  'connection-reset': 'undetermined',
  'connection-closed': 'undetermined',
  'network-unreachable': 'undetermined',
  'address-family-skipped': 'undetermined',
  'dns-servfail': 'undetermined',
  'dns-timeout': 'undetermined',
  'dns-error': 'undetermined',
  'not-probed': 'undetermined',
  nxdomain: 'no-mail',
  'null-mx': 'no-mail',
  'no-mail-host': 'no-mail',
  'mx-host-unresolvable': 'no-mail',
  'smtp-rejected': 'no-mail',
  'protocol-error': 'no-mail',
  'invalid-input': 'input',
  'starttls-not-supported': 'no-tls',
  'starttls-rejected': 'no-tls',
  'tls-handshake-failed': 'no-tls',
  'tls-version-unsupported': 'no-tls',
  'tls-version-below-minimum': 'no-tls',
  'starttls-protocol-error': 'no-tls',
  'certificate-expired': 'certificate',
  'certificate-not-yet-valid': 'certificate',
  'certificate-host-mismatch': 'certificate',
  'certificate-self-signed': 'certificate',
  'certificate-incomplete-chain': 'certificate',
  'certificate-not-trusted': 'certificate',
  'certificate-invalid': 'certificate',
  'validation-failure': 'certificate',
  'certificate-mx-mismatch': 'certificate',
  'certificate-domain-mismatch': 'certificate',
  'certificate-tls-domain-mismatch': 'certificate',
  'mta-sts-enforce': 'policy',
  'sts-mx-not-covered': 'policy',
  'tlsa-invalid': 'policy',
  'tlsa-unusable': 'policy',
  'dnssec-invalid': 'policy',
  'dane-no-tlsa': 'policy',
  'tlsa-lookup-failed': 'undetermined',
  'mx-address-limit': 'no-mail',
  'relay-ip-literal': 'certificate',
  'auth-not-offered': 'no-mail',
};

/** A failure seen by the network code: which phase, which reason, and the detail in words. */
export interface Failure {
  phase: Phase;
  reason: Reason;
  /** Human detail (may quote server text; untrusted, sanitised only at render time). */
  message: string;
}
