/**
 * May a certificate serve a TLS server, or issue certificates? OpenSSL's rules for the
 * "sslserver" purpose (crypto/x509/v3_purp.c, 3.0: check_purpose_ssl_server, check_ca), which a
 * TLS client applies to every certificate of the path, the trust anchor included. Pure.
 *
 * - extendedKeyUsage, when present, must list serverAuth (or Netscape/Microsoft Server Gated
 *   Crypto); anyExtendedKeyUsage does not count (xku_reject). For CAs too: OpenSSL reads an EKU
 *   in a CA certificate as a constraint on what it issues (RFC 5280 §4.2.1.12 leaves it open).
 * - The leaf's keyUsage, when present, must allow digitalSignature, keyEncipherment or
 *   keyAgreement (RFC 5280 §4.2.1.3, RFC 5246 §7.4.2). The leaf need not be a non-CA.
 * - A CA's keyUsage, when present, must allow keyCertSign; basicConstraints must say cA (v1
 *   self-signed roots and, at the top of the path only, a keyUsage with keyCertSign are
 *   tolerated: check_ca results 3 and 4).
 * - Netscape cert type, when present, must allow an SSL server (leaf) or SSL CA (CA).
 */
import type { CertificateFacts } from './certificate-facts.js';
import { KU } from './extensions.js';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const NS_SGC = '2.16.840.1.113730.4.1';
const MS_SGC = '1.3.6.1.4.1.311.10.3.3';

const NS_SSL_SERVER = 0x40;
const NS_SSL_CA = 0x04;
const NS_ANY_CA = 0x07;

/** keyUsage present and without any of `bits` (ku_reject). */
function keyUsageRefuses(facts: CertificateFacts, bits: number): boolean {
  return facts.keyUsage !== null && (facts.keyUsage & bits) === 0;
}

function extKeyUsageRefusesServer(facts: CertificateFacts): boolean {
  return facts.extKeyUsage !== null && !facts.extKeyUsage.some((oid) => oid === SERVER_AUTH || oid === NS_SGC || oid === MS_SGC);
}

/**
 * OpenSSL's check_ca: 0 not a CA; 1 basicConstraints cA; 3 a v1 self-signed root; 4 no
 * basicConstraints but a keyUsage with keyCertSign; 5 only a Netscape CA cert type.
 */
export function caKind(facts: CertificateFacts, selfSigned: boolean): 0 | 1 | 3 | 4 | 5 {
  if (keyUsageRefuses(facts, KU.keyCertSign)) return 0;
  if (facts.basicConstraints !== null) return facts.basicConstraints.ca ? 1 : 0;
  if (facts.version === 0 && selfSigned) return 3;
  if (facts.keyUsage !== null) return 4;
  if (facts.nsCertType !== null && (facts.nsCertType & NS_ANY_CA) !== 0) return 5;
  return 0;
}

/** check_purpose_ssl_server for the leaf (`asCa` false) or for a CA of the path (`asCa` true). */
export function suitsTlsServer(facts: CertificateFacts, asCa: boolean, selfSigned: boolean): boolean {
  if (extKeyUsageRefusesServer(facts)) return false;
  if (asCa) {
    const kind = caKind(facts, selfSigned);
    return kind !== 0 && (kind !== 5 || ((facts.nsCertType ?? 0) & NS_SSL_CA) !== 0);
  }
  if (facts.nsCertType !== null && (facts.nsCertType & NS_SSL_SERVER) === 0) return false;
  return !keyUsageRefuses(facts, KU.digitalSignature | KU.keyEncipherment | KU.keyAgreement);
}

/** May `issuer` sign certificates (ossl_x509_signing_allowed)? Its keyUsage, when present, must allow keyCertSign. */
export function maySignCertificates(issuer: CertificateFacts): boolean {
  return !keyUsageRefuses(issuer, KU.keyCertSign);
}
