/**
 * The receiver's published TLS policies: MTA-STS (RFC 8461), DANE for SMTP (RFC 7672) and TLS-RPT
 * (RFC 8460). They are part of each domain's result; the per-setting verdicts of a sender that does
 * not honour them (Salesforce) do not change, but the report shows what a sender that honours them
 * would do. Findings are closed, kebab-case vocabularies; RFC 8460 result types where one fits.
 */

/** Per domain; `null` parts mean "none published". The whole object is `null` with --no-policies or --no-probe, and for a domain without a mail host (NXDOMAIN, null MX, a failed MX lookup). */
export interface DomainPolicies {
  mtaSts: MtaStsPolicy | null;
  dane: DanePolicy | null;
  tlsRpt: TlsRptPolicy | null;
}

// ---------------------------------------------------------------- MTA-STS

export const MTA_STS_MODES = ['enforce', 'testing', 'none'] as const;
export type MtaStsMode = (typeof MTA_STS_MODES)[number];

export const MTA_STS_FINDINGS = [
  'sts-record-multiple', // more than one v=STSv1 TXT record at _mta-sts.<domain>
  'sts-record-invalid', // a v=STSv1 record with a bad version or without id
  'sts-record-dns-error', // the TXT lookup failed (SERVFAIL, timeout): whether a policy exists is unknown
  'sts-policy-fetch-error', // RFC 8460: the HTTPS fetch failed (connection, status, redirect, deadline, size)
  'sts-policy-invalid', // RFC 8460: the policy file does not parse or lacks a required field
  'sts-webpki-invalid', // RFC 8460: the policy host's certificate does not verify for mta-sts.<domain>
  'sts-media-type', // served with a media type other than text/plain
  'sts-max-age-short', // max_age below one day
  'sts-mx-not-covered', // an MX host matches no `mx` pattern of the policy
  'sts-certificate-invalid', // mode enforce: an MX that would be used does not present a certificate that verifies for its name
] as const;
export type MtaStsFinding = (typeof MTA_STS_FINDINGS)[number];

export interface MtaStsPolicy {
  /** The id of the TXT record, or null when the record is unusable. */
  id: string | null;
  /** The policy file as parsed; null when it could not be fetched or parsed. */
  policy: { mode: MtaStsMode; mx: string[]; maxAge: number } | null;
  /** Per MX host (mode enforce or testing with a usable policy; else []): does it match an `mx` pattern, and present a certificate that satisfies the policy. */
  hosts: MtaStsHostJudgement[];
  findings: MtaStsFinding[];
  /** One sentence per finding, in the order of `findings`; untrusted server text already sanitised. */
  messages: string[];
  /** What a sender that honours MTA-STS (RFC 8461 §5) would do with this domain's mail, fetching the policy for the first time. */
  honouringSender: HonouringSender;
}

/**
 * - `delivers`: through the hosts that satisfy an enforce policy, or anywhere under testing;
 * - `does-not-deliver`: enforce, and no MX host satisfies the policy;
 * - `undetermined`: enforce, none satisfies it for sure, and some could not be judged (timeouts);
 * - `no-policy`: the policy is unusable (record, fetch, certificate, media type, syntax) or mode
 *   none: the sender delivers as it would without MTA-STS (one holding an earlier policy keeps that).
 */
export const HONOURING_OUTCOMES = ['delivers', 'does-not-deliver', 'undetermined', 'no-policy'] as const;
export type HonouringOutcome = (typeof HONOURING_OUTCOMES)[number];

export interface HonouringSender {
  outcome: HonouringOutcome;
  /** One sentence, e.g. "an MTA-STS sender would not deliver: no MX host satisfies the enforce policy". */
  message: string;
}

export interface MtaStsHostJudgement {
  host: string;
  /** Matches one of the policy's `mx` patterns. */
  matchesPattern: boolean;
  /** Every address of the host presented a certificate that verifies for the host name; null when undetermined. */
  certificateValid: boolean | null;
  /** Would a sender that honours the policy deliver through this host. */
  satisfiesPolicy: boolean | null;
}

// ---------------------------------------------------------------- DANE

/** RFC 4035 / RFC 7672 §2.1: what DNSSEC says about the TLSA lookup of one MX host. */
export const DANE_STATUSES = ['secure', 'insecure', 'bogus', 'unknown'] as const;
export type DaneStatus = (typeof DANE_STATUSES)[number];

export const DANE_FINDINGS = [
  'tlsa-invalid', // RFC 8460: TLSA records exist but none matches what the server presented
  'tlsa-unusable', // PKIX-TA(0) / PKIX-EE(1) records, or unknown parameters: not usable for SMTP (RFC 7672 §3.1.3)
  'dnssec-invalid', // RFC 8460: the TLSA lookup is bogus
  'dane-required', // RFC 8460: TLSA published but the host offers no STARTTLS (a DANE sender will not deliver)
  'resolver-untrusted', // the AD bit came from a resolver not on loopback and not named with --trust-ad
] as const;
export type DaneFinding = (typeof DANE_FINDINGS)[number];

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** Lower-case hex. */
  data: string;
}

export const DANE_TA = 2;
export const DANE_EE = 3;
/** Digest length per matching type (RFC 6698 §2.1.3); 0 (exact) has none. */
const DIGEST_BYTES: Record<number, number> = { 1: 32, 2: 64 };

/** A record a DANE client for SMTP can use (RFC 7672 §3.1.3: others are "unusable"). */
export function usableRecord(record: TlsaRecord): boolean {
  if (record.usage !== DANE_TA && record.usage !== DANE_EE) return false;
  if (record.selector !== 0 && record.selector !== 1) return false;
  if (record.matchingType === 0) return record.data.length > 0;
  const bytes = DIGEST_BYTES[record.matchingType];
  return bytes !== undefined && record.data.length === bytes * 2;
}

export interface DanePolicy {
  /** Whether the AD bit was believed: the resolver is on loopback or named with --trust-ad. */
  resolverTrusted: boolean;
  hosts: DaneHostJudgement[];
  findings: DaneFinding[];
  messages: string[];
}

export interface DaneHostJudgement {
  host: string;
  port: number;
  /** The TLSA owner name queried, after CNAMEs (RFC 7671 §7). */
  tlsaName: string;
  status: DaneStatus;
  records: TlsaRecord[];
  /** Per address: does some usable record match what it presented; null when no handshake. */
  addresses: { address: string; matched: boolean | null; matchedRecord: TlsaRecord | null }[];
  /** When no record matches the current certificate: the `3 1 1` record to publish for its key, else null. */
  suggestedRecord: TlsaRecord | null;
}

// ---------------------------------------------------------------- TLS-RPT

export const TLS_RPT_FINDINGS = [
  'tlsrpt-record-multiple', // more than one v=TLSRPTv1 TXT record at _smtp._tls.<domain>
  'tlsrpt-record-invalid', // bad syntax, no rua, or a rua URI that is neither mailto: nor https:
  'tlsrpt-record-dns-error', // the TXT lookup failed (SERVFAIL, timeout): whether a record exists is unknown
] as const;
export type TlsRptFinding = (typeof TLS_RPT_FINDINGS)[number];

export interface TlsRptPolicy {
  /** Where failure reports would go: the valid mailto: and https: URIs as published (sanitised); [] when the record is unusable. */
  rua: string[];
  findings: TlsRptFinding[];
  messages: string[];
}
