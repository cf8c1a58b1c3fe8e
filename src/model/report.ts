/**
 * The one report model. Every renderer (table, JSON, ...) renders this and decides nothing.
 * JSON contract: absent parts are `null`, never missing. See README "JSON output".
 */
import type { DomainPolicies } from './policy.js';
import type { SettingName } from './settings.js';
import type { MergeInfo, ShardInfo } from './shard.js';
import type { DomainTraffic, TrafficSummary } from './traffic.js';
import type { Failure, Reason } from './vocabulary.js';

export type { DomainTraffic, FailureReason, LogReading, TrafficSummary } from './traffic.js';
export type { MergeInfo, RunProfile, ShardInfo, ShardSpec } from './shard.js';

export const SCHEMA_VERSION = 1;

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  /** ISO time the run started (from the injected clock). */
  generatedAt: string;
  /** The sender profile the settings belong to (`salesforce`, `postfix`, …; `tlscheck profiles`). Every result's `settings` is keyed by its setting names. */
  profile: string;
  results: DomainResult[];
  /** Run-wide remarks (e.g. the preferred-verify reading, "port 25 seems blocked"). */
  notes: string[];
  /** The CI gate of this run, or null without --require. */
  gate: GateConfig | null;
  /** Set when the run was interrupted (Ctrl-C): how many targets were not checked. */
  interrupted: { notChecked: number } | null;
  /** The comparison with --baseline, or null without it. */
  baseline: BaselineComparison | null;
  /** The Email Log Files' totals (--email-log): rows read, the period, every domain's figures added up; null without logs. */
  traffic: TrafficSummary | null;
  /** This report covers one shard of a run (--shard i/n); null otherwise. */
  shard: ShardInfo | null;
  /** This report was made by `tlscheck merge` from the shards' reports; null otherwise. */
  merged: MergeInfo | null;
}

export interface GateConfig {
  /** The setting given to --require (`off` only in a relay run; `--auth` makes it required-verify). */
  setting: SettingName;
  /** The --restrict list ("Restrict TLS to these domains"), or null when the setting applies to all. */
  restrict: string[] | null;
  /** --allow-undetermined. */
  allowUndetermined: boolean;
  /** --fail-on-no-mail: domains that get no mail under any setting (NXDOMAIN, null MX, ...) fail the gate too. */
  failOnNoMail: boolean;
}

export const CHANGE_KINDS = [
  'new-domain',
  'removed-domain',
  'verdict-changed',
  'starttls-lost',
  'starttls-gained',
  'certificate-now-fails',
  'certificate-now-verifies',
  'mx-added',
  'mx-removed',
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export interface BaselineChange {
  /** The normalised domain (or the input when it has none). */
  domain: string;
  kind: ChangeKind;
  /** The setting whose verdict changed (verdict-changed only), else null. */
  setting: SettingName | null;
  /** MX host concerned, when the change is about one host; else null. */
  host: string | null;
  /** Short before/after values (e.g. "delivered (tls)" / "not delivered"), null when not applicable. */
  before: string | null;
  after: string | null;
  /** Worse for delivery or security. Kept for schemaVersion 1 readers: the same as `effect === 'regression'`. */
  regression: boolean;
  /** Worse, better, or neither (a new or removed domain or MX host, "not delivered" <-> "undetermined"). */
  effect: ChangeEffect;
  /** The verdict is undetermined now (a timeout, a 421): with --allow-undetermined such a regression does not fail the run. */
  undetermined: boolean;
}

export const CHANGE_EFFECTS = ['regression', 'improvement', 'neutral'] as const;
export type ChangeEffect = (typeof CHANGE_EFFECTS)[number];

export interface BaselineComparison {
  /** The baseline file as given. */
  file: string;
  /** When the baseline run started. */
  generatedAt: string;
  changes: BaselineChange[];
}

/** How mail would travel, best first. */
export const TRANSPORTS = ['verified-tls', 'tls', 'plaintext'] as const;
export type Transport = (typeof TRANSPORTS)[number];

/**
 * How DNS described a domain's mail hosts (`MailHosts` kinds, plus inputs that are not a domain,
 * and `not-probed`: --no-probe asked no DNS question at all).
 */
export const DNS_OUTCOMES = [
  'mx',
  'implicit-mx',
  'null-mx',
  'nxdomain',
  'no-mail-host',
  'dns-failure',
  'invalid-input',
  'not-probed',
] as const;
export type DnsOutcome = (typeof DNS_OUTCOMES)[number];

export interface SettingVerdict {
  /** true: would be delivered; false: would not; null: undetermined (timeouts, 421, SERVFAIL). */
  deliverable: boolean | null;
  /** How it would travel; null unless deliverable. */
  transport: Transport | null;
  /** The MX host that would carry the mail; null unless deliverable. */
  via: string | null;
  /** The address of that host; null unless deliverable. */
  viaAddress: string | null;
  /** Why not (or why undetermined); may also be non-empty when deliverable via a later MX. */
  reasons: Reason[];
}

export type SettingVerdicts = Record<SettingName, SettingVerdict>;

/** What an entry of `results` checked: a recipient domain, or the Email Relay hop (then it is a `RelayResult`, src/model/relay.ts). */
export const RESULT_KINDS = ['domain', 'relay'] as const;
export type ResultKind = (typeof RESULT_KINDS)[number];

export interface DomainResult {
  /** `domain` for a recipient domain; `relay` for `tlscheck relay`, whose entry has more fields (see RelayResult). */
  kind: ResultKind;
  /**
   * The target as given by the user; an e-mail address is replaced by its domain (or `…@rest` when
   * it has none) unless --show-addresses.
   */
  input: string;
  /** Normalised ASCII domain, or null when the input is not a domain. */
  domain: string | null;
  /** How DNS described the mail hosts. */
  dns: {
    outcome: DnsOutcome;
    reason: Reason | null;
    message: string | null;
  };
  mx: MxHostResult[];
  settings: SettingVerdicts;
  /** Wall time for this domain, milliseconds. */
  durationMs: number;
  /** How many input entries (lines, contacts, arguments) named this domain; duplicates are merged here. */
  recipients: number;
  /** Where those entries came from: "file:line" or "argument N" (at most the first 10). */
  sources: string[];
  /** The setting the gate judged this domain under (with --restrict, unlisted domains get preferred); null without --require. */
  gateSetting: SettingName | null;
  /** Certificates that work today but deserve attention (expiring soon, a weak key); never a verdict change. */
  warnings: CertificateWarning[];
  /** What the Email Log Files (--email-log) say was sent to this domain; null when it is in no log. */
  traffic: DomainTraffic | null;
  /** The receiver's MTA-STS, DANE and TLS-RPT policies; null when not looked up (--no-policies, --no-probe, not a domain, no mail host). */
  policy: DomainPolicies | null;
  /**
   * 0-based place of this target among all targets of the input, in input order (first appearance).
   * The same in every shard of a sharded run, so a merge restores the input order; NDJSON lines
   * (completion order) can be sorted by it.
   */
  position: number;
}

export const WARNING_KINDS = ['certificate-expires-soon', 'weak-key', 'auth-before-tls'] as const;
export type WarningKind = (typeof WARNING_KINDS)[number];

export interface CertificateWarning {
  kind: WarningKind;
  /** The MX host whose certificate it is (auth-before-tls: the relay host that offered AUTH in plaintext). */
  host: string;
  /** The address that presented it (the first one, when several did). */
  address: string;
  /** One sentence, e.g. "certificate expires in 12 days (2026-12-12)". */
  message: string;
  /** The same in a few characters for a table cell: "expires 12d", "RSA 1024". */
  brief: string;
}

export interface MxHostResult {
  host: string;
  preference: number;
  /** True when this is the implicit MX (the domain itself). */
  implicit: boolean;
  dnsFailure: { reason: Reason; message: string } | null;
  addresses: AddressResult[];
}

export interface AddressResult {
  address: string;
  family: 4 | 6;
  port: number;
  /** Did the TCP connection succeed. */
  connected: boolean;
  /** Banner text lines, or null. Untrusted server text. */
  banner: string[] | null;
  /** EHLO keywords advertised (first EHLO), upper-cased, or null. */
  extensions: string[] | null;
  heloFallback: boolean;
  /** Whether STARTTLS was advertised; null when the session did not get that far. */
  starttls: boolean | null;
  tls: { protocol: string; cipher: string } | null;
  /** Versions older than TLS 1.2 that the server speaks, when the modern handshake failed; else null. */
  legacyProtocols: string[] | null;
  certificate: CertificateReport | null;
  failure: Failure | null;
  durationMs: number;
}

/**
 * Why a chain is not trusted: the reasons OpenSSL's path validation gives (X509_V_ERR_*), in the
 * words of this tool. See README "The settings and how they are judged".
 */
export const TRUST_ERRORS = [
  'self-signed', // the leaf signed itself and is not in the trust store
  'unknown-issuer', // no path to a trust anchor
  'incomplete-chain', // no path, and the server visibly left out an intermediate
  'expired',
  'not-yet-valid',
  'bad-signature',
  'malformed', // unparsable, or an extension OpenSSL reads is broken or repeated
  'invalid-ca', // an issuer on the path is not a CA or may not sign certificates
  'path-length', // a CA's pathLenConstraint is exceeded
  'unsuitable-purpose', // extendedKeyUsage / keyUsage do not allow a TLS server
  'name-constraints', // a name breaks a CA's name constraints
  'critical-extension', // a critical extension OpenSSL does not handle
  'weak-key', // a key below OpenSSL's default security level (RSA < 1024 bits)
  'weak-signature', // a signature digest below it (SHA-1, MD5)
  'explicit-curve', // an EC key with explicit curve parameters
  'unspecified', // OpenSSL refused the chain for a reason tlscheck cannot name
] as const;
export type TrustError = (typeof TRUST_ERRORS)[number];

export interface CertificateReport {
  /** Subject as a one-line string (e.g. 'CN=mx.example.com'). */
  subject: string;
  /** DNS names the certificate is valid for (subjectAltName dNSNames, or the CN when there are none). */
  names: string[];
  issuer: string;
  /** ISO 8601. */
  notBefore: string;
  notAfter: string;
  /** Whole days from the clock to notAfter (negative when expired). */
  daysLeft: number;
  /** 'RSA' | 'EC' | 'Ed25519' | ... */
  keyType: string;
  /** Key size in bits (RSA modulus, EC curve size), or null when unknown. */
  keyBits: number | null;
  /** How many certificates the server sent. */
  chainLength: number;
  /** The chain leads to a trusted root and every certificate is inside its validity window. */
  trusted: boolean;
  /** Why not trusted; null when trusted. */
  trustError: TrustError | null;
  /** A name matches the MX host the sender connected to (RFC 6125/9525). */
  matchesMx: boolean;
  /** A name matches the recipient domain. */
  matchesDomain: boolean;
}
