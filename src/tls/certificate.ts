/**
 * The facts of a leaf certificate a report shows: names, subject, issuer, dates, key. Pure.
 */
import type { X509Certificate } from 'node:crypto';
import type { CertificateReport } from '../model/report.js';

const DAY_MS = 86_400_000;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Parse Node's validFrom/validTo text, which is OpenSSL's ASN1_TIME_print:
 * 'Jan  1 00:00:00 2020 GMT' (day space-padded, optional fractional seconds from a
 * GeneralizedTime). Anything else falls back to Date.parse; null when unreadable.
 */
export function parseCertTime(text: string): Date | null {
  const m = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.\d+)? (\d{1,4}) GMT$/.exec(text);
  if (m === null) {
    const fallback = Date.parse(text);
    return Number.isNaN(fallback) ? null : new Date(fallback);
  }
  const month = MONTHS.indexOf(m[1]);
  if (month === -1) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(Number(m[6]), month, Number(m[2]));
  date.setUTCHours(Number(m[3]), Number(m[4]), Number(m[5]), 0);
  return date;
}

/**
 * notBefore / notAfter of a certificate. Node >= 22.10 has validFromDate / validToDate; Node 20
 * (this project's floor, checked on 20.20.2) does not, so the text is parsed there.
 */
export function certificateDates(cert: X509Certificate): { notBefore: Date; notAfter: Date } | null {
  const dated = cert as X509Certificate & { validFromDate?: Date; validToDate?: Date };
  const notBefore = dated.validFromDate ?? parseCertTime(cert.validFrom);
  const notAfter = dated.validToDate ?? parseCertTime(cert.validTo);
  if (notBefore === null || notAfter === null) return null;
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return null;
  return { notBefore, notAfter };
}

/** The facts of the leaf as the report shows them. */
export type CertificateSummary = Pick<
  CertificateReport,
  'subject' | 'issuer' | 'notBefore' | 'notAfter' | 'daysLeft' | 'keyType' | 'keyBits'
>;

/**
 * Node prints a distinguished name one attribute per line in DER order, most significant first
 * ('C=US\nO=Example\nCN=mx.example.com'), already RFC 2253-escaped. The one-line form is RFC 4514's:
 * least significant first, comma-separated ('CN=mx.example.com, O=Example, C=US').
 */
export function oneLineName(multiLine: string | null | undefined): string {
  if (typeof multiLine !== 'string' || multiLine === '') return '';
  return multiLine.split('\n').reverse().join(', ');
}

const KEY_TYPES: Record<string, string> = {
  rsa: 'RSA',
  'rsa-pss': 'RSA-PSS',
  dsa: 'DSA',
  ec: 'EC',
  ed25519: 'Ed25519',
  ed448: 'Ed448',
};

/** Bits of the well-known named curves; others are read from the digits in the curve name. */
const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** The key's type and size; 'unknown' / null when Node cannot read the key (an exotic algorithm). */
export function describeKey(cert: X509Certificate): { keyType: string; keyBits: number | null } {
  let type: string | undefined;
  let details: { modulusLength?: number; namedCurve?: string } | undefined;
  try {
    type = cert.publicKey.asymmetricKeyType;
    details = cert.publicKey.asymmetricKeyDetails;
  } catch {
    return { keyType: 'unknown', keyBits: null };
  }
  if (type === undefined) return { keyType: 'unknown', keyBits: null };
  const keyType = KEY_TYPES[type] ?? type.toUpperCase();
  if (details?.modulusLength !== undefined) return { keyType, keyBits: details.modulusLength };
  if (details?.namedCurve !== undefined) return { keyType, keyBits: curveBits(details.namedCurve) };
  // EdDSA keys: the size of the curve, as for EC (RFC 8032: edwards25519 / edwards448).
  if (type === 'ed25519') return { keyType, keyBits: 256 };
  if (type === 'ed448') return { keyType, keyBits: 448 };
  return { keyType, keyBits: null };
}

function curveBits(curve: string): number | null {
  const known = CURVE_BITS[curve];
  if (known !== undefined) return known;
  // secp224r1, secp256k1, brainpoolP384r1, prime192v1, ...: the first three-digit run is the size.
  const digits = /(\d{3})/.exec(curve);
  return digits === null ? null : Number(digits[1]);
}

/** The summary of `leaf` at `now`; null when its dates cannot be read. */
export function summarizeCertificate(leaf: X509Certificate, now: Date): CertificateSummary | null {
  const dates = certificateDates(leaf);
  if (dates === null) return null;
  const { notBefore, notAfter } = dates;
  return {
    subject: oneLineName(leaf.subject),
    issuer: oneLineName(leaf.issuer),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
    ...describeKey(leaf),
  };
}
