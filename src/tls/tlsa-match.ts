/**
 * What a TLSA record is compared with (RFC 6698 §2.1): the certificate association data of one
 * DER certificate for a selector (0 whole certificate, 1 SubjectPublicKeyInfo) and a matching type
 * (0 exact, 1 SHA-256, 2 SHA-512); and for DANE-TA(2) whether the chain as sent links the leaf to
 * the matching certificate by signatures (RFC 7671 §5.2.2: no public roots involved). Pure and
 * total: remote garbage gives null or false, never an exception.
 */
import { createHash } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { decodeCertificate, signedBy } from './certificate-memo.js';
import { childrenOf, contextTag, encoding, readTlv, TAG } from './der.js';

/** The SubjectPublicKeyInfo element of a certificate, as encoded in it; null when the DER does not have the shape. */
export function subjectPublicKeyInfo(der: Uint8Array): Buffer | null {
  const [tbs] = childrenOf(der, readTlv(der, 0) ?? undefined, TAG.sequence) ?? [];
  const fields = childrenOf(der, tbs, TAG.sequence);
  if (fields === null) return null;
  const skip = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  // serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = fields[skip + 5];
  return spki?.tag === TAG.sequence ? Buffer.from(encoding(der, spki)) : null;
}

/** The association data a `<usage> <selector> <matchingType>` record holds for this certificate; null for unknown parameters or a malformed certificate. */
export function associationData(der: Uint8Array, selector: number, matchingType: number): Buffer | null {
  const selected = selector === 0 ? Buffer.from(der) : selector === 1 ? subjectPublicKeyInfo(der) : null;
  if (selected === null) return null;
  switch (matchingType) {
    case 0:
      return selected;
    case 1:
      return createHash('sha256').update(selected).digest();
    case 2:
      return createHash('sha512').update(selected).digest();
    default:
      return null;
  }
}

/**
 * Does the sent chain lead from the leaf (chain[0]) to chain[anchor] by signatures, each link
 * issued by another certificate of the chain? The order as sent does not matter (servers send
 * chains out of order); each certificate is used once, so the walk ends.
 */
export function chainReachesAnchor(chain: readonly Buffer[], anchor: number): boolean {
  const certs = chain.map((der) => decodeCertificate(der));
  const target = certs[anchor];
  const leaf = certs[0];
  if (!target || !leaf) return false;
  const unused = new Set(certs.keys());
  unused.delete(0);
  let current: X509Certificate = leaf;
  while (current !== target) {
    const subject = current;
    const issuedBy = (i: number): boolean => {
      const issuer = certs[i];
      return issuer !== null && issuer !== undefined && subject.checkIssued(issuer) && signedBy(subject, issuer);
    };
    // The anchor first: the shortest path is the one a DANE client takes.
    const next: number | undefined = unused.has(anchor) && issuedBy(anchor) ? anchor : [...unused].find((i) => i !== anchor && issuedBy(i));
    if (next === undefined) return false;
    unused.delete(next);
    current = certs[next]!;
  }
  return true;
}
