/**
 * The certificate judgement: the chain exactly as a server sent it, the names the sender
 * compares with, the injected clock and a trust store in; a CertificateReport out. Pure (the
 * trust store is already loaded) and total: remote garbage becomes a report, never an exception.
 */
import type { X509Certificate } from 'node:crypto';
import type { ChainVerification } from '../model/observation.js';
import type { CertificateReport, TrustError } from '../model/report.js';
import type { Reason } from '../model/vocabulary.js';
import type { NameSource, Verification } from '../model/settings.js';
import { summarizeCertificate } from './certificate.js';
import { decodeCertificate } from './certificate-memo.js';
import { certificateNames, isAtOrUnder, matchesAny, matchesConfiguredName, matchesName, matchesNameMultiLabel } from './names.js';
import { combineVerdicts } from './openssl-verdict.js';
import type { TrustStore } from './trust-store.js';
import { verifyChain } from './trust.js';

export interface CertificateContext {
  /** The MX host name the sender connected to (and sent as SNI). */
  mxHost: string;
  /** The recipient domain. */
  domain: string;
  /** The injected clock. */
  now: Date;
  trust: TrustStore;
  /** OpenSSL's verdict from the handshake (see openssl-verdict.ts); absent or null when there is none. */
  verification?: ChainVerification | null;
  /** How many certificates the server sent, when the probe kept fewer (LIMITS.maxChainLength); default: the chain's length. */
  sentChainLength?: number;
}

/**
 * Most certificate names a report lists. Matching always uses every name; only the list shown is
 * capped, so a leaf with thousands of dNSNames (shared-hosting and CDN certificates carry hundreds)
 * cannot swell every report that mentions it. How many names there can be at all is bounded by the
 * handshake: OpenSSL refuses a Certificate message over 100 kB (SSL_MAX_CERT_LIST_DEFAULT).
 */
export const MAX_REPORTED_NAMES = 100;

/**
 * The names a report lists: all of them up to MAX_REPORTED_NAMES; beyond that the ones matching
 * `hosts` first (so the list never hides the name that made a match), then the others in
 * certificate order, the kept names staying in certificate order.
 */
export function reportedNames(names: readonly string[], hosts: readonly string[]): string[] {
  if (names.length <= MAX_REPORTED_NAMES) return [...names];
  const matches = names.map((name) => hosts.some((host) => matchesName(name, host)));
  let matchRoom = MAX_REPORTED_NAMES;
  let otherRoom = MAX_REPORTED_NAMES - Math.min(MAX_REPORTED_NAMES, matches.filter(Boolean).length);
  return names.filter((_, i) => (matches[i] ? matchRoom-- > 0 : otherRoom-- > 0));
}

/**
 * The report for an unusable chain (empty, or a leaf that does not parse): every string is ''
 * (subject, issuer, notBefore, notAfter, keyType), names is [], daysLeft is 0, keyBits is null,
 * nothing matches, trustError is 'malformed'. chainLength still says what the server sent.
 */
function malformedReport(chainLength: number): CertificateReport {
  return {
    subject: '',
    names: [],
    issuer: '',
    notBefore: '',
    notAfter: '',
    daysLeft: 0,
    keyType: '',
    keyBits: null,
    chainLength,
    trusted: false,
    trustError: 'malformed',
    matchesMx: false,
    matchesDomain: false,
  };
}

/**
 * Judge a chain (DER, leaf first). An empty chain gives the malformed report. When the leaf parses but another sent certificate does not,
 * the leaf is still summarised and the trust error is 'malformed': a sending TLS stack would abort
 * the handshake on an undecodable Certificate message (RFC 8446 §4.4.2, decode_error).
 */
export function analyzeCertificate(chain: readonly Buffer[], ctx: CertificateContext): CertificateReport {
  const parsed = chain.map(decodeCertificate);
  const sent = ctx.sentChainLength ?? chain.length;
  const leaf = parsed[0];
  if (leaf === undefined || leaf === null) return malformedReport(sent);
  const summary = summarizeCertificate(leaf, ctx.now);
  if (summary === null) return malformedReport(sent);
  const names = certificateNames(leaf);
  let trustError: TrustError | null;
  if (parsed.some((cert) => cert === null)) {
    trustError = 'malformed';
  } else {
    trustError = combineVerdicts(verifyChain(parsed as X509Certificate[], ctx.trust, ctx.now), ctx.verification ?? null, ctx.now);
  }
  // Object.assign onto the fresh summary, not `{ ...summary, names, ... }`: on Node 20's V8 a spread
  // followed by new keys gives every report its own hidden class (~0.4 kB each, kept with the results).
  return Object.assign(summary, {
    names: reportedNames(names, [ctx.mxHost, ctx.domain]),
    chainLength: sent,
    trusted: trustError === null,
    trustError,
    matchesMx: matchesAny(names, ctx.mxHost),
    matchesDomain: matchesAny(names, ctx.domain),
  });
}

/** Each trust error as an RFC 8460 result type (or this tool's closest reason). */
const TRUST_REASONS: Record<TrustError, Reason> = {
  expired: 'certificate-expired',
  'not-yet-valid': 'certificate-not-yet-valid',
  'self-signed': 'certificate-self-signed',
  'incomplete-chain': 'certificate-incomplete-chain',
  'unknown-issuer': 'certificate-not-trusted',
  'bad-signature': 'certificate-not-trusted',
  'invalid-ca': 'certificate-not-trusted',
  malformed: 'certificate-invalid',
  'path-length': 'validation-failure',
  'unsuitable-purpose': 'validation-failure',
  'name-constraints': 'validation-failure',
  'critical-extension': 'validation-failure',
  'weak-key': 'validation-failure',
  'weak-signature': 'validation-failure',
  'explicit-curve': 'validation-failure',
  unspecified: 'validation-failure',
};

/** The one rule for "does this certificate verify": what a verifying sender would object to, in two parts. */
export interface VerificationFailure {
  /** Why the chain is not trusted; null when it is. */
  trust: TrustError | null;
  /** No name matches the MX host nor the recipient domain (not judged for a malformed certificate: it has no names). */
  nameMismatch: boolean;
}

export function verificationFailure(report: CertificateReport): VerificationFailure {
  return {
    trust: report.trustError,
    nameMismatch: report.trustError !== 'malformed' && !report.matchesMx && !report.matchesDomain,
  };
}

/** Does the certificate pass a verify setting? */
export function certificateVerifies(report: CertificateReport): boolean {
  const failure = verificationFailure(report);
  return failure.trust === null && !failure.nameMismatch;
}

/**
 * Why Salesforce's verify settings would refuse this certificate; [] when they accept it. Trust
 * first, then the name: a name matches when it matches the MX host OR the recipient domain
 * (either comparison passing is enough, see docs/domain.md).
 */
export function certificateReasons(report: CertificateReport): Reason[] {
  const failure = verificationFailure(report);
  const reasons: Reason[] = [];
  if (failure.trust !== null) reasons.push(TRUST_REASONS[failure.trust]);
  if (failure.nameMismatch) reasons.push('certificate-host-mismatch');
  return reasons;
}

/** The names a setting's verification compares the certificate with. */
export interface NameContext {
  mxHost: string;
  domain: string;
  /** --tls-domain; null when not given. */
  configured: string | null;
}

/**
 * Why a sender setting's verification would refuse this certificate; [] when it accepts it. The
 * one-label comparisons with the MX host and the domain were made over every name at analysis;
 * the others read the names the report lists (all of them up to MAX_REPORTED_NAMES).
 */
export function reasonsUnder(report: CertificateReport, verification: Verification, context: NameContext): Reason[] {
  const reasons: Reason[] = [];
  if (report.trustError === 'malformed' || (verification.trust && report.trustError !== null))
    reasons.push(TRUST_REASONS[report.trustError!]);
  if (report.trustError === 'malformed' || verification.names.length === 0) return reasons;
  if (!verification.names.some((source) => nameMatches(report, source, verification.wildcard, context))) {
    reasons.push(mismatchReason(verification.names));
  }
  return reasons;
}

function nameMatches(report: CertificateReport, source: NameSource, wildcard: Verification['wildcard'], context: NameContext): boolean {
  const many = (host: string) => report.names.some((name) => matchesNameMultiLabel(name, host));
  switch (source) {
    case 'mx-host':
      return report.matchesMx || (wildcard === 'many-labels' && many(context.mxHost));
    case 'recipient-domain':
      return report.matchesDomain || (wildcard === 'many-labels' && many(context.domain));
    case 'recipient-domain-and-subdomains':
      return report.matchesDomain || report.names.some((name) => isAtOrUnder(name, context.domain));
    case 'configured': {
      const configured = context.configured;
      if (configured === null) return report.matchesDomain || report.names.some((name) => isAtOrUnder(name, context.domain));
      return report.names.some((name) => matchesConfiguredName(name, configured));
    }
  }
}

function mismatchReason(names: readonly NameSource[]): Reason {
  if (names.includes('configured')) return 'certificate-tls-domain-mismatch';
  const mx = names.includes('mx-host');
  const domain = names.some((source) => source !== 'mx-host');
  return mx && domain ? 'certificate-host-mismatch' : mx ? 'certificate-mx-mismatch' : 'certificate-domain-mismatch';
}
