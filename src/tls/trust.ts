/**
 * Pure chain verification, rule for rule what OpenSSL 3.0's X509_verify_cert does for a TLS
 * client with its defaults (crypto/x509/x509_vfy.c): purpose "sslserver", security level 1, no
 * strict mode, no CRLs, no partial chains, no policy checks. It gives the first error OpenSSL
 * would report, in OpenSSL's order:
 *
 *   1. the leaf's key strength (x509_verify_x509);
 *   2. the path to a trust anchor (build_chain, see path.ts);
 *   3. per certificate, leaf first: unhandled critical extensions, CA-ness of issuers, explicit
 *      EC parameters, the TLS-server purpose, pathLenConstraint (check_extensions);
 *   4. key and signature strength (check_auth_level);
 *   5. from the anchor down: the issuer's right to sign, the signature, the validity window at the
 *      injected clock (internal_verify);
 *   6. name constraints (check_name_constraints).
 *
 * Name matching is not done here (see names.ts); the handshake's own verdict is combined with
 * this one in openssl-verdict.ts. No I/O.
 */
import type { X509Certificate } from 'node:crypto';
import type { TrustError } from '../model/report.js';
import { factsOf, type CertificateFacts } from './certificate-facts.js';
import { certificateDates } from './certificate.js';
import { signedBy } from './certificate-memo.js';
import { likelyIssued, selfSigned } from './issuer.js';
import { checkCommonNames, checkNameConstraints, hasDnsAltName } from './name-constraints.js';
import { buildPath } from './path.js';
import { caKind, maySignCertificates, suitsTlsServer } from './purpose.js';
import { keyStrongEnough, signatureStrongEnough } from './strength.js';
import type { TrustStore } from './trust-store.js';

export interface TrustResult {
  /** null when the chain is trusted. */
  error: TrustError | null;
  /** The path built, leaf first (ends at the anchor when trusted). */
  path: X509Certificate[];
  /** The probe may have cut the chain (it keeps LIMITS.maxChainLength certificates). */
  truncated: boolean;
}

interface Link {
  cert: X509Certificate;
  facts: CertificateFacts;
}

/**
 * 'expired' / 'not-yet-valid' for one certificate at `now`, as OpenSSL compares (X509_cmp_time):
 * valid from notBefore inclusive up to notAfter exclusive; at the very second of notAfter a
 * certificate has expired. (RFC 5280 §4.1.2.5 counts notAfter in; OpenSSL, and so every MTA built
 * on it, does not.)
 */
export function validityError(cert: X509Certificate, now: Date): TrustError | null {
  const dates = certificateDates(cert);
  if (dates === null) return 'malformed';
  if (now.getTime() < dates.notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() >= dates.notAfter.getTime()) return 'expired';
  return null;
}

/**
 * check_extensions, leaf first. Trust anchors are held to the same rules: OpenSSL checks the
 * purpose of a store certificate too unless it carries explicit trust settings, which PEM
 * certificates from Node's bundle or a --ca-file never do.
 */
function extensionsError(links: readonly Link[]): TrustError | null {
  let pathLength = 0;
  for (const [i, { facts }] of links.entries()) {
    if (facts.unhandledCritical !== null) return 'critical-extension';
    // RFC 3820 proxy certificates: a TLS client does not allow them (X509_V_ERR_PROXY_CERTIFICATES_NOT_ALLOWED).
    if (facts.proxy) return 'unsuitable-purpose';
    const ss = selfSigned(facts);
    if (i > 0) {
      // RFC 5280 §6.1.4 (k): an issuer must be a CA; OpenSSL tolerates a v1 root or a keyUsage
      // with keyCertSign instead of basicConstraints only at the top of the path.
      const kind = caKind(facts, ss);
      if (kind === 0 || (i + 1 < links.length && kind !== 1)) return 'invalid-ca';
    }
    if (links.length > 1 && facts.key.explicitCurve) return 'explicit-curve';
    // An invalid certificate makes X509_check_purpose fail with -1, which is let through outside strict mode.
    if (facts.invalid === null && !suitsTlsServer(facts, i > 0, ss)) return 'unsuitable-purpose';
    // RFC 5280 §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates below the CA.
    const limit = facts.basicConstraints?.pathLen ?? null;
    if (i > 1 && limit !== null && pathLength > limit) return 'path-length';
    if (i > 0 && !facts.selfIssued) pathLength += 1;
  }
  return null;
}

/** check_auth_level: issuers' keys (the leaf's was checked first of all), and every signature but the anchor's. */
function strengthError(links: readonly Link[]): TrustError | null {
  for (const [i, { cert, facts }] of links.entries()) {
    if (i > 0 && !keyStrongEnough(cert, facts)) return 'weak-key';
    if (i < links.length - 1 && !signatureStrongEnough(facts)) return 'weak-signature';
  }
  return null;
}

/**
 * internal_verify, from the anchor down: each issuer may sign certificates (RFC 5280 §6.1.4 n),
 * each signature verifies, each certificate (the anchor too, as OpenSSL does) is inside its
 * window. The anchor's own signature is not checked.
 */
function signaturesAndDatesError(links: readonly Link[], now: Date): TrustError | null {
  let n = links.length - 1;
  let issuer = links[n];
  // A top that did not issue itself only signs (OpenSSL: "exceptional case", no partial chains).
  if (!likelyIssued(issuer.facts, issuer.facts)) {
    if (n === 0) return 'unknown-issuer';
    n -= 1;
  }
  for (; n >= 0; n -= 1) {
    const subject = links[n];
    if (subject !== issuer) {
      if (!maySignCertificates(issuer.facts)) return 'invalid-ca';
      if (!signedBy(subject.cert, issuer.cert)) return 'bad-signature';
    }
    const error = validityError(subject.cert, now);
    if (error !== null) return error;
    issuer = subject;
  }
  return null;
}

/** check_name_constraints: every certificate below a constraining one (self-issued intermediates excepted). */
function nameConstraintsError(links: readonly Link[]): TrustError | null {
  for (let i = links.length - 2; i >= 0; i -= 1) {
    const subject = links[i].facts;
    if (i !== 0 && subject.selfIssued) continue;
    for (let j = links.length - 1; j > i; j -= 1) {
      const nc = links[j].facts.nameConstraints;
      if (nc === null) continue;
      let result = checkNameConstraints(subject, nc);
      if (result === 'ok' && i === 0 && !hasDnsAltName(subject)) result = checkCommonNames(subject, nc);
      if (result !== 'ok') return 'name-constraints';
    }
  }
  return null;
}

/**
 * Judge a parsed chain (leaf first, as the server sent it; an empty chain is 'malformed') against
 * the trust store at `now`.
 */
export function verifyChain(chain: readonly X509Certificate[], trust: TrustStore, now: Date): TrustResult {
  const [leaf, ...others] = chain;
  if (leaf === undefined) return { error: 'malformed', path: [], truncated: false };
  const leafFacts = factsOf(leaf);
  if (leafFacts === null) return { error: 'malformed', path: [leaf], truncated: false };
  if (!keyStrongEnough(leaf, leafFacts)) return { error: 'weak-key', path: [leaf], truncated: false };
  const built = buildPath(leaf, others, trust, now);
  if (built.error !== null) return { error: built.error, path: built.path, truncated: built.truncated };
  const links = built.path.map((cert) => ({ cert, facts: factsOf(cert) as CertificateFacts }));
  const error = extensionsError(links) ?? strengthError(links) ?? signaturesAndDatesError(links, now) ?? nameConstraintsError(links);
  return { error, path: built.path, truncated: built.truncated };
}

/** The first certificate of `path` outside its window at `now` (anchor first, as OpenSSL checks), or null. */
export function pathValidityError(path: readonly X509Certificate[], now: Date): TrustError | null {
  for (let i = path.length - 1; i >= 0; i -= 1) {
    const error = validityError(path[i], now);
    if (error !== null) return error;
  }
  return null;
}
