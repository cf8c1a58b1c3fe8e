/**
 * The two costly OpenSSL calls of the certificate judgement, each done once per distinct input
 * instead of once per (domain, address): decoding a DER certificate (~0.15-0.4 ms with OpenSSL 3,
 * whose decoders are slow) and checking a signature (~0.1 ms). A batch sees the same few chains
 * over and over (every domain of a provider, every address of a host, the same intermediates
 * under thousands of leaves); the bench measured these two calls at a third of the checker's CPU.
 *
 * Both are pure facts about immutable inputs (X509Certificate objects are read-only), so
 * remembering them changes no result. Memory stays bounded: the decoded certificates are an LRU
 * of MAX_DECODED entries of at most MAX_DECODED_BYTES each (a few MB at worst; a larger one, such as
 * a hostile leaf with thousands of names, is decoded every time), keyed by a SHA-256 of the DER;
 * the signature results hang off the certificate objects (WeakMap) and go with them.
 */
import { createHash, X509Certificate } from 'node:crypto';

export const MAX_DECODED = 512;
/** Real leaves and intermediates are 1-3 kB; CDN leaves with hundreds of names ~10 kB. */
export const MAX_DECODED_BYTES = 16 * 1024;

function parse(der: Buffer): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null; // remote garbage: the caller reports it as malformed
  }
}

const decoded = new Map<string, X509Certificate | null>();

/** The certificate of a DER encoding, or null when it does not parse; the same object for the same bytes while remembered. */
export function decodeCertificate(der: Buffer): X509Certificate | null {
  if (der.length > MAX_DECODED_BYTES) return parse(der);
  const key = createHash('sha256').update(der).digest('base64');
  const known = decoded.get(key);
  if (known !== undefined) {
    // Most recently used goes last, so eviction takes the least recently used first.
    decoded.delete(key);
    decoded.set(key, known);
    return known;
  }
  const cert = parse(der);
  if (decoded.size >= MAX_DECODED) decoded.delete(decoded.keys().next().value as string);
  decoded.set(key, cert);
  return cert;
}

const signatures = new WeakMap<X509Certificate, WeakMap<X509Certificate, boolean>>();

/** Does `issuer`'s public key verify `cert`'s signature? Any OpenSSL throw means no. */
export function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  let byIssuer = signatures.get(cert);
  if (byIssuer === undefined) {
    byIssuer = new WeakMap();
    signatures.set(cert, byIssuer);
  }
  let verified = byIssuer.get(issuer);
  if (verified === undefined) {
    try {
      verified = cert.verify(issuer.publicKey);
    } catch {
      verified = false;
    }
    byIssuer.set(issuer, verified);
  }
  return verified;
}
