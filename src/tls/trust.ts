/**
 * Pure chain verification: does the chain a server sent lead to a trust anchor, and is every
 * certificate on that path inside its validity window at `now`? (RFC 5280 §6.1, simplified to
 * what decides mail delivery: issuer name + key identifiers + key usage via OpenSSL's
 * X509_check_issued, the signature, basicConstraints cA on intermediates, and validity.)
 * Name matching is not done here (see names.ts). No I/O.
 */
import type { X509Certificate } from 'node:crypto';
import { LIMITS } from '../model/limits.js';
import type { TrustError } from '../model/report.js';
import { certificateDates } from './certificate.js';
import { signedBy } from './certificate-memo.js';
import type { TrustStore } from './trust-store.js';

export interface TrustResult {
  /** null when the chain is trusted. */
  error: TrustError | null;
  /** The path built, leaf first (ends at the anchor when trusted). */
  path: X509Certificate[];
}

/** Calls into OpenSSL on remote data: any throw means "no". */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}

interface IssuerSearch {
  issuer: X509Certificate | null;
  /** A candidate had the right name (and key identifiers) but its key did not verify. */
  badSignature: boolean;
}

function findIssuer(cert: X509Certificate, candidates: readonly X509Certificate[], requireCa: boolean): IssuerSearch {
  let badSignature = false;
  for (const candidate of candidates) {
    if (candidate.subject !== cert.issuer) continue;
    // RFC 5280 §6.1.4 (k): an intermediate must assert cA. Anchors are trusted as configured.
    if (requireCa && !candidate.ca) continue;
    if (!safely(() => cert.checkIssued(candidate))) continue;
    if (signedBy(cert, candidate)) return { issuer: candidate, badSignature: false };
    badSignature = true;
  }
  return { issuer: null, badSignature };
}

/**
 * Node returns null (not undefined, which means absent) for a subjectAltName or
 * authorityInfoAccess extension it cannot decode. OpenSSL then marks the certificate invalid
 * (EXFLAG_INVALID) and X509_check_issued refuses it as subject and issuer, so it can never be on a
 * verified path; saying 'malformed' is more accurate than the 'unknown-issuer' that would follow.
 */
function undecodableExtensions(cert: X509Certificate): boolean {
  const ext = cert as { subjectAltName: unknown; infoAccess: unknown };
  return ext.subjectAltName === null || ext.infoAccess === null;
}

/** RFC 5280 §3.2 "self-issued": issuer and subject are the same name. */
function selfIssued(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer;
}

/**
 * Why no issuer was found for `cert`: when the chain is visibly missing a link (the certificate
 * names where to fetch its issuer, RFC 5280 §4.2.2.1 caIssuers, or the issuer is a CA the store
 * knows as an intermediate) the server should have sent it: 'incomplete-chain'.
 */
function missingIssuer(cert: X509Certificate, trust: TrustStore): TrustError {
  const aia = (cert.infoAccess ?? '').includes('CA Issuers');
  const known = trust.intermediatesFor(cert.issuer).some((ca) => safely(() => cert.checkIssued(ca)));
  return aia || known ? 'incomplete-chain' : 'unknown-issuer';
}

/**
 * Build the path from the leaf: at each step look for the issuer first among the anchors, then
 * among the other certificates the server sent (in any order, as OpenSSL does). Each sent
 * certificate is used at most once, so the walk ends; it is also bounded by LIMITS.maxChainLength.
 *
 * A chain of LIMITS.maxChainLength certificates or more may have been cut by the probe (it keeps
 * that many): when the path runs out there, the missing issuer may well have been sent, so it is
 * 'unknown-issuer' (no trusted path within the limit), never 'incomplete-chain', which would blame
 * the server. Verifiers cap depth too: Postfix's smtp_tls_scert_verifydepth is 9, GnuTLS's 16.
 */
export function buildPath(leaf: X509Certificate, sent: readonly X509Certificate[], trust: TrustStore): TrustResult {
  const truncated = 1 + sent.length >= LIMITS.maxChainLength;
  const path = [leaf];
  const unused = sent.slice(0, LIMITS.maxChainLength).filter((cert) => cert !== leaf && !cert.raw.equals(leaf.raw));
  let current = leaf;
  for (let depth = 0; depth <= LIMITS.maxChainLength; depth += 1) {
    // The certificate itself is an anchor (a pinned self-signed leaf, a root sent as the leaf).
    if (trust.isAnchor(current)) return { error: null, path };
    const anchor = findIssuer(current, trust.anchorsFor(current.issuer), false);
    if (anchor.issuer !== null) return { error: null, path: [...path, anchor.issuer] };
    if (selfIssued(current)) return { error: current === leaf ? 'self-signed' : 'unknown-issuer', path };
    const next = findIssuer(current, unused, true);
    if (next.issuer === null) {
      if (anchor.badSignature || next.badSignature) return { error: 'bad-signature', path };
      return { error: truncated ? 'unknown-issuer' : missingIssuer(current, trust), path };
    }
    const issuer = next.issuer;
    unused.splice(unused.indexOf(issuer), 1);
    path.push(issuer);
    current = issuer;
  }
  return { error: 'unknown-issuer', path };
}

/** 'expired' / 'not-yet-valid' for one certificate at `now` (both bounds inclusive, RFC 5280 §4.1.2.5). */
export function validityError(cert: X509Certificate, now: Date): TrustError | null {
  const dates = certificateDates(cert);
  if (dates === null) return 'malformed';
  if (now.getTime() < dates.notBefore.getTime()) return 'not-yet-valid';
  if (now.getTime() > dates.notAfter.getTime()) return 'expired';
  return null;
}

/**
 * Judge a parsed chain (leaf first; an empty chain is 'malformed'). Chain errors come first, as OpenSSL reports them; then the
 * validity windows along the path, leaf first. The anchor's own window is judged too: OpenSSL
 * does ("in addition to RFC 5280, do also for trusted (root) cert", x509_vfy.c), browsers do not;
 * an expired root in a sender's store is what an MTA built on OpenSSL would refuse.
 */
export function verifyChain(chain: readonly X509Certificate[], trust: TrustStore, now: Date): TrustResult {
  const [leaf, ...others] = chain;
  if (leaf === undefined) return { error: 'malformed', path: [] };
  if (chain.some(undecodableExtensions)) return { error: 'malformed', path: [leaf] };
  const result = buildPath(leaf, others, trust);
  if (result.error !== null) return result;
  for (const cert of result.path) {
    const error = validityError(cert, now);
    if (error !== null) return { error, path: result.path };
  }
  return result;
}
