/**
 * Build the path from the leaf to a trust anchor the way OpenSSL's build_chain does
 * (crypto/x509/x509_vfy.c), with its defaults for a TLS client: trusted first (at every step the
 * trust store is asked before the certificates the server sent), no partial chains (the path ends
 * at a self-signed anchor from the store), the sent certificates used in any order, each once.
 * A self-issued certificate that is not self-signed (a CA's key rollover) is followed like any
 * other; a self-signed one ends the search. No signature is checked here (see trust.ts). Pure.
 */
import type { X509Certificate } from 'node:crypto';
import { LIMITS } from '../model/limits.js';
import type { TrustError } from '../model/report.js';
import { factsOf } from './certificate-facts.js';
import { bestIssuer, likelyIssued, selfSigned } from './issuer.js';
import { nameKey, type TrustStore } from './trust-store.js';

export interface PathResult {
  /** null when the path ends at a trust anchor. */
  error: TrustError | null;
  /** The path, leaf first (ends at the anchor when trusted). */
  path: X509Certificate[];
  /** How many certificates at the start of `path` came from the server; the rest are from the store. */
  untrusted: number;
  /**
   * The server sent LIMITS.maxChainLength certificates or more: the probe may have cut the chain
   * (it keeps that many), so a path that runs out may well exist beyond the cut.
   */
  truncated: boolean;
}

const isSelfSigned = (cert: X509Certificate): boolean => {
  const facts = factsOf(cert);
  return facts !== null && selfSigned(facts);
};

/**
 * Why no issuer was found for `cert`, the top of a path of server certificates. A broken
 * certificate (or a broken candidate issuer) is 'malformed': OpenSSL never chains an invalid one.
 * When the chain is visibly missing a link (the certificate names where to fetch its issuer, RFC
 * 5280 §4.2.2.1 caIssuers, or the issuer is a CA the store knows as an intermediate) the server
 * should have sent it: 'incomplete-chain'. A chain the probe may have cut is 'unknown-issuer' (no
 * trusted path within the limit), never 'incomplete-chain', which would blame the server.
 */
function missingIssuer(cert: X509Certificate, sent: readonly X509Certificate[], trust: TrustStore, truncated: boolean): TrustError {
  const facts = factsOf(cert);
  if (facts === null || facts.invalid !== null) return 'malformed';
  const named = sent.filter((candidate) => factsOf(candidate)?.subject.key === facts.issuer.key);
  if (named.some((candidate) => factsOf(candidate)?.invalid !== null)) return 'malformed';
  if (truncated) return 'unknown-issuer';
  const aia = (cert.infoAccess ?? '').includes('CA Issuers');
  const known = trust.intermediatesFor(facts.issuer.key).some((ca) => {
    const caFacts = factsOf(ca);
    return caFacts !== null && likelyIssued(facts, caFacts);
  });
  return aia || known ? 'incomplete-chain' : 'unknown-issuer';
}

/** The anchor above `top` (get1_trusted_issuer); a self-signed top must be in the store itself. */
function trustedIssuer(
  top: X509Certificate,
  trust: TrustStore,
  now: Date,
  exclude: (cert: X509Certificate) => boolean,
): X509Certificate | null {
  const anchor = bestIssuer(top, trust.anchorsFor(nameKey(top, 'issuer')), now, exclude);
  if (anchor === null || !isSelfSigned(top)) return anchor;
  // A self-signed certificate is trusted only as the very certificate in the store, never through
  // another one with the same name and key identifier (an impersonation by key substitution).
  return anchor.raw.equals(top.raw) ? anchor : null;
}

/**
 * The path from `leaf` (first of what the server sent; `sent` is the rest) to a trust anchor. The
 * walk ends: each certificate is used once. Verifiers cap the depth too (OpenSSL at 100, Postfix's
 * smtp_tls_scert_verifydepth at 9); this one follows the LIMITS.maxChainLength certificates the
 * probe keeps.
 */
export function buildPath(leaf: X509Certificate, sent: readonly X509Certificate[], trust: TrustStore, now: Date): PathResult {
  const truncated = 1 + sent.length >= LIMITS.maxChainLength;
  const untrusted = [leaf, ...sent.slice(0, LIMITS.maxChainLength)];
  const path = [leaf];
  let fromServer = 1;
  const onPath = (candidate: X509Certificate): boolean => path.some((cert) => cert.raw.equals(candidate.raw));
  const result = (error: TrustError | null): PathResult => ({ error, path, untrusted: fromServer, truncated });
  while (path.length <= 2 * LIMITS.maxChainLength) {
    const top = path[path.length - 1];
    const inStore = fromServer < path.length;
    const anchor = trustedIssuer(top, trust, now, (cert) => inStore && onPath(cert));
    if (anchor !== null && anchor.raw.equals(top.raw)) {
      // The self-signed top is itself the anchor: the trusted copy stands in for it.
      path[path.length - 1] = anchor;
      fromServer = Math.min(fromServer, path.length - 1);
      return result(null);
    }
    if (anchor !== null) {
      path.push(anchor);
      // A self-signed anchor ends the path. One that is not (a rollover certificate, or a root
      // whose key identifier names another key) needs its own issuer from the store.
      if (isSelfSigned(anchor)) return result(null);
      continue;
    }
    // Once a certificate of the store is on the path, the server's certificates are no longer
    // searched: OpenSSL's X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT.
    if (inStore) return result('unknown-issuer');
    if (isSelfSigned(top)) return result(path.length === 1 ? 'self-signed' : 'unknown-issuer');
    const issuer = bestIssuer(top, untrusted, now, onPath);
    if (issuer === null) return result(missingIssuer(top, untrusted, trust, truncated));
    path.push(issuer);
    fromServer += 1;
  }
  return result('unknown-issuer');
}
