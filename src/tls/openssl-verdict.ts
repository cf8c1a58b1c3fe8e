/**
 * Two verdicts on one chain, combined: OpenSSL's own, taken from the handshake (the definition of
 * "verified": what an MTA built on OpenSSL accepts), and the pure one of trust.ts, which follows
 * the same rules, says which rule failed, and judges the dates at the run's injected clock. Pure.
 *
 * - OpenSSL accepted: trusted, unless the run's clock puts a certificate of the path outside its
 *   window, or the probe cut a longer chain and no path was found within what it kept (a deliberate
 *   limit, see path.ts).
 * - OpenSSL refused: never trusted. The reason is the pure one when it found one; otherwise
 *   OpenSSL's code in this tool's words. An OpenSSL date error the run's clock does not confirm is
 *   not counted (OpenSSL judged at the real clock); OpenSSL reports its last error, so another one
 *   met earlier would then go unnoticed by both, which the two rule sets agreeing makes unlikely.
 */
import type { ChainVerification } from '../model/observation.js';
import type { TrustError } from '../model/report.js';
import { pathValidityError, type TrustResult } from './trust.js';

/** Node's names for OpenSSL's X509_V_ERR_* codes (crypto_common.cc), in this tool's words. */
const OPENSSL_ERRORS: Record<string, TrustError> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
  CERT_CHAIN_TOO_LONG: 'unknown-issuer',
  CERT_UNTRUSTED: 'unknown-issuer',
  CERT_REJECTED: 'unknown-issuer',
  CERT_SIGNATURE_FAILURE: 'bad-signature',
  UNABLE_TO_DECRYPT_CERT_SIGNATURE: 'bad-signature',
  UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY: 'bad-signature',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'malformed',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'malformed',
  INVALID_CA: 'invalid-ca',
  PATH_LENGTH_EXCEEDED: 'path-length',
  INVALID_PURPOSE: 'unsuitable-purpose',
};

/** OpenSSL's error code in this tool's vocabulary; 'unspecified' for a code it cannot name. */
export function trustErrorOf(code: string | null): TrustError {
  return (code !== null && OPENSSL_ERRORS[code]) || 'unspecified';
}

const DATE_ERRORS: ReadonlySet<TrustError> = new Set<TrustError>(['expired', 'not-yet-valid']);

/** The trust error of a chain given the pure verdict (`pure`, at `now`) and OpenSSL's (null when there is none). */
export function combineVerdicts(pure: TrustResult, openssl: ChainVerification | null, now: Date): TrustError | null {
  if (openssl === null) return pure.error;
  if (openssl.authorized) {
    if (pure.truncated && pure.error === 'unknown-issuer') return pure.error;
    return pathValidityError(pure.path, now);
  }
  if (pure.error !== null) return pure.error;
  const error = trustErrorOf(openssl.error);
  return DATE_ERRORS.has(error) ? null : error;
}
