/**
 * OpenSSL's security level 1, the default of a TLS client (ssl_verify_cert_chain sets the
 * verification's auth level to the SSL security level; x509_vfy.c check_key_level and
 * check_sig_level): every key and every signature digest on the path must give at least 80 bits
 * of security. In practice: RSA and DSA keys of about 1024 bits or more, EC curves of 160 bits or
 * more, no SHA-1 or MD5 signatures (OpenSSL 3.0 rates SHA-1 at 63 bits). Pure.
 */
import type { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from './certificate-facts.js';

export const MIN_SECURITY_BITS = 80;

/**
 * ossl_ifc_ffc_compute_security_bits (SP 800-56B rev 2 appendix D): the strength of an RSA
 * modulus of `n` bits, rounded to a multiple of 8; the canonical values for the usual sizes.
 */
export function rsaSecurityBits(n: number): number {
  const canonical: Record<number, number> = { 2048: 112, 3072: 128, 4096: 152, 6144: 176, 7680: 192, 8192: 200, 15360: 256 };
  if (canonical[n] !== undefined) return canonical[n];
  if (n < 8) return 0;
  const x = n * Math.LN2;
  const y = Math.floor((1.923 * Math.cbrt(x * Math.log(x) ** 2) - 4.69) / Math.LN2);
  const cap = n <= 7680 ? 192 : n <= 15360 ? 256 : 1200;
  return Math.min(cap, (y + 4) & ~7);
}

/** BN_security_bits for DSA: by the sizes of p and q. */
function dsaSecurityBits(pBits: number, qBits: number | undefined): number {
  const byP = pBits >= 15360 ? 256 : pBits >= 7680 ? 192 : pBits >= 3072 ? 128 : pBits >= 2048 ? 112 : pBits >= 1024 ? 80 : 0;
  if (byP === 0 || qBits === undefined) return byP;
  return qBits / 2 < 80 ? 0 : Math.min(byP, Math.floor(qBits / 2));
}

/** The bits of an EC curve's order: the first run of three digits in its name (prime256v1, secp384r1, brainpoolP512r1). */
function curveBits(curve: string): number | null {
  const digits = /(\d{3})/.exec(curve);
  return digits === null ? null : Number(digits[1]);
}

/** EVP_PKEY_get_security_bits of the certificate's key; 0 when Node (OpenSSL) cannot read the key. */
export function keySecurityBits(cert: X509Certificate, facts: CertificateFacts): number {
  let type: string | undefined;
  let details: { modulusLength?: number; divisorLength?: number; namedCurve?: string } | undefined;
  try {
    type = cert.publicKey.asymmetricKeyType;
    details = cert.publicKey.asymmetricKeyDetails;
  } catch {
    // OpenSSL reads explicit EC parameters; they are refused for what they are (explicit-curve).
    return facts.key.explicitCurve ? 128 : 0;
  }
  if (type === 'rsa' || type === 'rsa-pss') return rsaSecurityBits(details?.modulusLength ?? 0);
  if (type === 'dsa') return dsaSecurityBits(details?.modulusLength ?? 0, details?.divisorLength);
  if (type === 'ec') {
    const bits = details?.namedCurve === undefined ? null : curveBits(details.namedCurve);
    return bits === null ? (facts.key.explicitCurve ? 128 : 0) : Math.floor(bits / 2);
  }
  if (type === 'ed448' || type === 'x448') return 224;
  if (type === 'ed25519' || type === 'x25519') return 128;
  return 0;
}

export function keyStrongEnough(cert: X509Certificate, facts: CertificateFacts): boolean {
  return keySecurityBits(cert, facts) >= MIN_SECURITY_BITS;
}

/** Is the certificate's own signature digest strong enough? An algorithm OpenSSL cannot rate is not. */
export function signatureStrongEnough(facts: CertificateFacts): boolean {
  return (facts.signature.digestBits ?? 0) >= MIN_SECURITY_BITS;
}
