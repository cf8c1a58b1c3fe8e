/**
 * Who may have issued whom, as OpenSSL decides it while building a path (crypto/x509/v3_purp.c
 * ossl_x509_likely_issued, X509_check_akid; x509_vfy.c X509_self_signed): the names match
 * (canonically), the subject's authority key identifier fits the issuer, and the subject's
 * signature algorithm fits the issuer's key type. The signature itself and the issuer's right to
 * sign are checked later, on the finished path, as OpenSSL does. Pure.
 */
import type { X509Certificate } from 'node:crypto';
import { factsOf, type CertificateFacts } from './certificate-facts.js';
import { certificateDates } from './certificate.js';
import type { AuthorityKeyId } from './extensions.js';

/** X509_check_akid: key identifier (when the issuer has one), serial number and issuer name, each when given. */
export function akidFits(issuer: CertificateFacts, akid: AuthorityKeyId | null): boolean {
  if (akid === null) return true;
  if (akid.keyId !== null && issuer.subjectKeyId !== null && !akid.keyId.equals(issuer.subjectKeyId)) return false;
  if (akid.serial !== null && !akid.serial.equals(issuer.serial)) return false;
  return akid.issuerName === null || akid.issuerName === issuer.issuer.key;
}

/** check_sig_alg_match: can the issuer's key type verify the subject's signature algorithm? */
function algorithmFits(issuer: CertificateFacts, subject: CertificateFacts): boolean {
  return subject.tbsSignature.keyTypes.includes(issuer.key.type);
}

/** ossl_x509_likely_issued. Invalid certificates (facts.invalid) never take part, on either side. */
export function likelyIssued(subject: CertificateFacts, issuer: CertificateFacts): boolean {
  if (subject.invalid !== null || issuer.invalid !== null) return false;
  return issuer.subject.key === subject.issuer.key && akidFits(issuer, subject.authorityKeyId) && algorithmFits(issuer, subject);
}

/**
 * OpenSSL's self-signed (EXFLAG_SS, without checking the signature): self-issued, its authority
 * key identifier fits its own key, and its signature algorithm fits its own key type. A
 * self-issued certificate signed by another key of the same CA (a key rollover) is not.
 */
export function selfSigned(facts: CertificateFacts): boolean {
  return facts.selfIssued && likelyIssued(facts, facts);
}

/** Both bounds of the window as OpenSSL compares them: notBefore <= now < notAfter (x509_vfy.c, X509_cmp_time). */
export function validAt(cert: X509Certificate, now: Date): boolean {
  const dates = certificateDates(cert);
  return dates !== null && dates.notBefore.getTime() <= now.getTime() && now.getTime() < dates.notAfter.getTime();
}

/**
 * The issuer OpenSSL would pick among `candidates` (get0_best_issuer_sk / find_issuer): the first
 * likely issuer valid at `now`, else the likely issuer that expires last. `exclude` says which
 * candidates may not be used (already on the path).
 */
export function bestIssuer(
  cert: X509Certificate,
  candidates: readonly X509Certificate[],
  now: Date,
  exclude: (candidate: X509Certificate) => boolean = () => false,
): X509Certificate | null {
  const subject = factsOf(cert);
  if (subject === null) return null;
  let best: X509Certificate | null = null;
  for (const candidate of candidates) {
    const facts = factsOf(candidate);
    if (facts === null || exclude(candidate) || !likelyIssued(subject, facts)) continue;
    if (validAt(candidate, now)) return candidate;
    if (best === null || (certificateDates(candidate)?.notAfter.getTime() ?? 0) > (certificateDates(best)?.notAfter.getTime() ?? 0))
      best = candidate;
  }
  return best;
}
