/**
 * Decoders for the certificate extensions path validation reads (RFC 5280 §4.2), each returning
 * null for a value OpenSSL's decoder would refuse. Like X509V3_EXT_d2i, only the first element of
 * the extension value is decoded; octets after it are ignored. Pure.
 */
import { bitStringBytes, booleanValue, children, childrenOf, contents, contextTag, oidText, readTlv, smallInteger, TAG } from './der.js';
import { parseGeneralName, parseGeneralNames, type GeneralName } from './general-names.js';

export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  nameConstraints: '2.5.29.30',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  policyConstraints: '2.5.29.36',
  inhibitAnyPolicy: '2.5.29.54',
  nsCertType: '2.16.840.1.113730.1.1',
  proxyCertInfo: '1.3.6.1.5.5.7.1.14',
  ipAddrBlocks: '1.3.6.1.5.5.7.1.7',
  autonomousSysIds: '1.3.6.1.5.5.7.1.8',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

export interface BasicConstraints {
  ca: boolean;
  /** pathLenConstraint; null when absent (or too large to matter); negative values make the certificate invalid. */
  pathLen: number | null;
}

export interface AuthorityKeyId {
  keyId: Buffer | null;
  /** The first directoryName of authorityCertIssuer (the only one OpenSSL compares), or null. */
  issuerName: string | null;
  serial: Buffer | null;
}

export interface GeneralSubtree {
  base: GeneralName;
  /** RFC 5280 §4.2.1.10: minimum MUST be 0 and maximum absent; OpenSSL refuses anything else when the subtree is used. */
  minMaxValid: boolean;
}

export interface NameConstraints {
  permitted: GeneralSubtree[];
  excluded: GeneralSubtree[];
}

function first(value: Buffer) {
  return readTlv(value, 0);
}

export function decodeBasicConstraints(value: Buffer): BasicConstraints | null {
  const items = childrenOf(value, first(value), TAG.sequence);
  if (items === null) return null;
  let index = 0;
  let ca = false;
  if (items[index]?.tag === TAG.boolean) {
    const flag = booleanValue(value, items[index]);
    if (flag === null) return null;
    ca = flag;
    index += 1;
  }
  let pathLen: number | null = null;
  if (items[index] !== undefined) {
    pathLen = smallInteger(value, items[index]);
    if (pathLen === null) return null;
    if (pathLen === Infinity) pathLen = null;
    index += 1;
  }
  return index === items.length ? { ca, pathLen } : null;
}

/**
 * keyUsage bits as OpenSSL keeps them (ex_kusage): the first octet, then the second shifted left
 * by 8; digitalSignature is 0x80, keyCertSign 0x04, decipherOnly 0x8000.
 */
export function decodeKeyUsage(value: Buffer): number | null {
  const bytes = bitStringBytes(value, first(value) ?? undefined);
  if (bytes === null) return null;
  return (bytes[0] ?? 0) | ((bytes[1] ?? 0) << 8);
}

export const KU = { digitalSignature: 0x80, keyEncipherment: 0x20, keyAgreement: 0x08, keyCertSign: 0x04 } as const;

/** nsCertType: the first octet (sslServer 0x40, sslCA 0x04, any CA 0x07). */
export function decodeNsCertType(value: Buffer): number | null {
  const bytes = bitStringBytes(value, first(value) ?? undefined);
  return bytes === null ? null : (bytes[0] ?? 0);
}

export function decodeExtKeyUsage(value: Buffer): string[] | null {
  const items = childrenOf(value, first(value), TAG.sequence);
  if (items === null) return null;
  const oids = items.map((item) => oidText(value, item));
  return oids.every((oid): oid is string => oid !== null) ? oids : null;
}

export function decodeSubjectKeyId(value: Buffer): Buffer | null {
  const top = first(value);
  return top !== null && top.tag === TAG.octetString ? contents(value, top) : null;
}

export function decodeAuthorityKeyId(value: Buffer): AuthorityKeyId | null {
  const items = childrenOf(value, first(value), TAG.sequence);
  if (items === null) return null;
  const akid: AuthorityKeyId = { keyId: null, issuerName: null, serial: null };
  let last = -1;
  for (const item of items) {
    const n = [contextTag(0, false), contextTag(1, true), contextTag(2, false)].indexOf(item.tag);
    if (n <= last) return null; // unknown, repeated or out of order
    last = n;
    if (n === 0) akid.keyId = contents(value, item);
    if (n === 2) akid.serial = contents(value, item);
    if (n === 1) {
      const names = parseGeneralNames(value, item, contextTag(1, true));
      if (names === null) return null;
      const dirName = names.find((name) => name.type === 'dirName');
      akid.issuerName = dirName?.type === 'dirName' ? dirName.name.key : null;
    }
  }
  return akid;
}

function decodeSubtrees(value: Buffer, items: ReturnType<typeof children>): GeneralSubtree[] | null {
  if (items === null) return null;
  const subtrees: GeneralSubtree[] = [];
  for (const item of items) {
    const [baseTlv, ...bounds] = childrenOf(value, item, TAG.sequence) ?? [];
    const base = baseTlv === undefined ? null : parseGeneralName(value, baseTlv);
    if (base === null) return null;
    let minMaxValid = true;
    let last = -1;
    for (const bound of bounds) {
      const n = [contextTag(0, false), contextTag(1, false)].indexOf(bound.tag);
      if (n <= last) return null;
      last = n;
      const number = smallInteger(value, bound, bound.tag);
      if (number === null) return null;
      if (n === 1 || number !== 0) minMaxValid = false;
    }
    subtrees.push({ base, minMaxValid });
  }
  return subtrees;
}

export function decodeNameConstraints(value: Buffer): NameConstraints | null {
  const items = childrenOf(value, first(value), TAG.sequence);
  if (items === null) return null;
  const constraints: NameConstraints = { permitted: [], excluded: [] };
  let last = -1;
  for (const item of items) {
    const n = [contextTag(0, true), contextTag(1, true)].indexOf(item.tag);
    if (n <= last) return null;
    last = n;
    const subtrees = decodeSubtrees(value, children(value, item));
    if (subtrees === null) return null;
    if (n === 0) constraints.permitted = subtrees;
    else constraints.excluded = subtrees;
  }
  return constraints;
}

/** subjectAltName / issuerAltName. An empty sequence decodes (to no names), as in OpenSSL. */
export function decodeAltNames(value: Buffer): GeneralName[] | null {
  const top = first(value);
  return top === null ? null : parseGeneralNames(value, top);
}

/** CRL distribution points: only whether OpenSSL's decoder accepts it (a broken one makes the certificate invalid). */
export function crlDistributionPointsDecode(value: Buffer): boolean {
  const points = childrenOf(value, first(value), TAG.sequence);
  if (points === null) return false;
  return points.every((point) => {
    const fields = childrenOf(value, point, TAG.sequence);
    if (fields === null) return false;
    return fields.every((field) => {
      if (field.tag === contextTag(1, false)) return bitStringBytes(value, field, field.tag) !== null;
      if (field.tag === contextTag(2, true)) return parseGeneralNames(value, field, field.tag) !== null;
      if (field.tag !== contextTag(0, true)) return false;
      const [name, ...extra] = children(value, field) ?? [];
      if (name === undefined || extra.length > 0) return false;
      if (name.tag === contextTag(0, true)) return parseGeneralNames(value, name, name.tag) !== null;
      return name.tag === contextTag(1, true) && children(value, name) !== null;
    });
  });
}

/** A structure whose contents this tool does not use: only that it is one well-formed element. */
export function wellFormed(value: Buffer): boolean {
  const top = first(value);
  return top !== null && ((top.tag & 0x20) === 0 || children(value, top) !== null);
}
