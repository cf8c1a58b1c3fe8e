/**
 * What path validation needs to know about one certificate, read from its DER the way OpenSSL's
 * ossl_x509v3_cache_extensions reads it (crypto/x509/v3_purp.c): the decoded extensions, whether
 * the certificate is invalid (EXFLAG_INVALID: a duplicate or undecodable extension of a kind it
 * reads, an empty keyUsage, a negative pathLenConstraint), the first critical extension it does
 * not handle, and the names and key. Pure and total; remembered per certificate object.
 */
import type { X509Certificate } from 'node:crypto';
import { childrenOf, contents, contextTag, oidText, readTlv, smallInteger, TAG, type Tlv } from './der.js';
import { parseName, type DistinguishedName } from './distinguished-name.js';
import * as ext from './extensions.js';
import { OID } from './extensions.js';
import type { GeneralName } from './general-names.js';
import { publicKeyFacts, signatureFacts, type PublicKeyFacts, type SignatureFacts } from './algorithms.js';

export interface Extension {
  oid: string;
  critical: boolean;
  /** The extnValue octets. */
  value: Buffer;
}

export interface CertificateFacts {
  /** 0 for v1, 2 for v3 (the encoded value). */
  version: number;
  serial: Buffer;
  /** The signature algorithm inside the signed part (what OpenSSL matches against the issuer's key). */
  tbsSignature: SignatureFacts;
  /** The outer signature algorithm (what OpenSSL rates for strength). */
  signature: SignatureFacts;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  key: PublicKeyFacts;
  extensions: Extension[];
  basicConstraints: ext.BasicConstraints | null;
  keyUsage: number | null;
  extKeyUsage: string[] | null;
  nsCertType: number | null;
  subjectKeyId: Buffer | null;
  authorityKeyId: ext.AuthorityKeyId | null;
  /** null when there is no subjectAltName extension. */
  subjectAltNames: GeneralName[] | null;
  nameConstraints: ext.NameConstraints | null;
  /** A proxyCertInfo extension (RFC 3820): TLS clients do not allow proxy certificates. */
  proxy: boolean;
  /** Why OpenSSL would mark this certificate invalid (it then never chains), or null. */
  invalid: string | null;
  /** The first critical extension OpenSSL does not handle (X509_supported_extension), or null. */
  unhandledCritical: string | null;
  /** RFC 5280 §3.2 self-issued: subject and issuer are the same name (compared canonically). */
  selfIssued: boolean;
}

/** The extensions X509_supported_extension lists (OpenSSL 3.0, crypto/x509/v3_purp.c). */
const HANDLED_CRITICAL: ReadonlySet<string> = new Set([
  OID.nsCertType,
  OID.keyUsage,
  OID.subjectAltName,
  OID.basicConstraints,
  OID.certificatePolicies,
  OID.crlDistributionPoints,
  OID.extKeyUsage,
  OID.ipAddrBlocks,
  OID.autonomousSysIds,
  OID.ocspNoCheck,
  OID.policyConstraints,
  OID.proxyCertInfo,
  OID.nameConstraints,
  OID.policyMappings,
  OID.inhibitAnyPolicy,
]);

/** The extensions OpenSSL decodes when it caches a certificate: a duplicate or broken one makes it invalid. */
const READ: ReadonlySet<string> = new Set([
  OID.basicConstraints,
  OID.proxyCertInfo,
  OID.keyUsage,
  OID.extKeyUsage,
  OID.nsCertType,
  OID.subjectKeyId,
  OID.authorityKeyId,
  OID.subjectAltName,
  OID.nameConstraints,
  OID.crlDistributionPoints,
  OID.ipAddrBlocks,
  OID.autonomousSysIds,
]);

interface Skeleton {
  version: number;
  serial: Buffer;
  tbsSignature: SignatureFacts;
  signature: SignatureFacts;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  key: PublicKeyFacts;
  extensions: Extension[];
}

function parseExtensions(der: Uint8Array, wrapper: Tlv | undefined): Extension[] | null {
  if (wrapper === undefined) return [];
  const [list, ...extra] = childrenOf(der, wrapper, contextTag(3, true)) ?? [];
  const items = extra.length === 0 ? childrenOf(der, list, TAG.sequence) : null;
  if (items === null) return null;
  const extensions: Extension[] = [];
  for (const item of items) {
    const fields = childrenOf(der, item, TAG.sequence) ?? [];
    const oid = oidText(der, fields[0]);
    const hasFlag = fields.length === 3 && fields[1].tag === TAG.boolean;
    const valueTlv = fields[hasFlag ? 2 : 1];
    if (oid === null || valueTlv?.tag !== TAG.octetString || fields.length !== (hasFlag ? 3 : 2)) return null;
    const critical = hasFlag && der[fields[1].start] !== 0 && fields[1].end - fields[1].start === 1;
    extensions.push({ oid, critical, value: contents(der, valueTlv) });
  }
  return extensions;
}

/** The fixed fields of the certificate; null when the DER does not have the Certificate shape. */
function skeleton(der: Uint8Array): Skeleton | null {
  const [tbs, outerAlgorithm] = childrenOf(der, readTlv(der, 0) ?? undefined, TAG.sequence) ?? [];
  const fields = childrenOf(der, tbs, TAG.sequence);
  if (fields === null) return null;
  let i = 0;
  let version = 0;
  if (fields[0]?.tag === contextTag(0, true)) {
    version = smallInteger(der, (childrenOf(der, fields[0], fields[0].tag) ?? [])[0]) ?? -1;
    i += 1;
  }
  const [serial, tbsAlgorithm, issuerTlv, , subjectTlv, spki] = fields.slice(i, i + 6);
  const issuer = parseName(der, issuerTlv);
  const subject = parseName(der, subjectTlv);
  const tbsSignature = signatureFacts(der, tbsAlgorithm);
  const signature = signatureFacts(der, outerAlgorithm);
  const key = publicKeyFacts(der, spki);
  const extensions = parseExtensions(
    der,
    fields.slice(i + 6).find((field) => field.tag === contextTag(3, true)),
  );
  if (serial?.tag !== TAG.integer || issuer === null || subject === null || tbsSignature === null) return null;
  if (signature === null || key === null || extensions === null || version < 0) return null;
  return { version, serial: contents(der, serial), tbsSignature, signature, issuer, subject, key, extensions };
}

/** Decode the extensions OpenSSL reads; `invalid` says why the certificate is invalid, if it is. */
function readExtensions(base: Skeleton): CertificateFacts {
  const facts: CertificateFacts = {
    ...base,
    basicConstraints: null,
    keyUsage: null,
    extKeyUsage: null,
    nsCertType: null,
    subjectKeyId: null,
    authorityKeyId: null,
    subjectAltNames: null,
    nameConstraints: null,
    proxy: false,
    invalid: null,
    unhandledCritical: base.extensions.find((e) => e.critical && !HANDLED_CRITICAL.has(e.oid))?.oid ?? null,
    selfIssued: base.subject.key === base.issuer.key,
  };
  const seen = new Set<string>();
  for (const { oid, value } of base.extensions) {
    if (!READ.has(oid)) continue;
    if (seen.has(oid)) facts.invalid ??= `duplicate extension ${oid}`;
    seen.add(oid);
    if (!decodeInto(facts, oid, value)) facts.invalid ??= `undecodable extension ${oid}`;
  }
  if (facts.keyUsage === 0) facts.invalid ??= 'empty keyUsage (RFC 5280 §4.2.1.3)';
  if ((facts.basicConstraints?.pathLen ?? 0) < 0) facts.invalid ??= 'negative pathLenConstraint';
  if (facts.proxy && (facts.basicConstraints?.ca === true || seen.has(OID.subjectAltName)))
    facts.invalid ??= 'proxy certificate with cA or alternative names';
  return facts;
}

/** Store one decoded extension in `facts`; false when it does not decode. Only the first of a duplicate is kept. */
function decodeInto(facts: CertificateFacts, oid: string, value: Buffer): boolean {
  switch (oid) {
    case OID.basicConstraints:
      return (facts.basicConstraints ??= ext.decodeBasicConstraints(value)) !== null;
    case OID.keyUsage:
      return (facts.keyUsage ??= ext.decodeKeyUsage(value)) !== null;
    case OID.extKeyUsage:
      return (facts.extKeyUsage ??= ext.decodeExtKeyUsage(value)) !== null;
    case OID.nsCertType:
      return (facts.nsCertType ??= ext.decodeNsCertType(value)) !== null;
    case OID.subjectKeyId:
      return (facts.subjectKeyId ??= ext.decodeSubjectKeyId(value)) !== null;
    case OID.authorityKeyId:
      return (facts.authorityKeyId ??= ext.decodeAuthorityKeyId(value)) !== null;
    case OID.subjectAltName:
      return (facts.subjectAltNames ??= ext.decodeAltNames(value)) !== null;
    case OID.nameConstraints:
      return (facts.nameConstraints ??= ext.decodeNameConstraints(value)) !== null;
    case OID.crlDistributionPoints:
      return ext.crlDistributionPointsDecode(value);
    case OID.proxyCertInfo:
      facts.proxy = true;
      return ext.wellFormed(value);
    default:
      return ext.wellFormed(value);
  }
}

/** The facts of a DER certificate; null when it does not have the shape of one. */
export function parseCertificateFacts(der: Uint8Array): CertificateFacts | null {
  const base = skeleton(der);
  return base === null ? null : readExtensions(base);
}

const memo = new WeakMap<X509Certificate, CertificateFacts | null>();

/** The facts of a parsed certificate, decoded once per certificate object. */
export function factsOf(cert: X509Certificate): CertificateFacts | null {
  let facts = memo.get(cert);
  if (facts === undefined) {
    facts = parseCertificateFacts(cert.raw);
    // Node's own decoder (OpenSSL's) is the judge of the subjectAltName: null means it failed.
    if (facts !== null && (cert as { subjectAltName: unknown }).subjectAltName === null) facts.invalid ??= 'undecodable subjectAltName';
    memo.set(cert, facts);
  }
  return facts;
}
