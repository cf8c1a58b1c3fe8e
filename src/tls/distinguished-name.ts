/**
 * Distinguished names as OpenSSL compares them (X509_NAME_cmp, crypto/x509/x_name.c): through a
 * canonical encoding in which every string attribute is UTF-8, lower-cased (ASCII only), trimmed
 * and with inner runs of white space collapsed to one space; other attribute types are kept as
 * encoded. Issuer/subject chaining, the trust store lookup and directoryName name constraints
 * (a prefix of the canonical encoding) all use it. RFC 5280 §7.1 describes the same idea. Pure.
 */
import { childrenOf, contents, oidText, TAG, type Tlv } from './der.js';

export interface NameAttribute {
  /** Attribute type, dotted (2.5.4.3 is commonName, 1.2.840.113549.1.9.1 emailAddress). */
  oid: string;
  /** The string type's tag (TAG.utf8String, TAG.ia5String, ...). */
  tag: number;
  /** The value's content octets as encoded. */
  value: Buffer;
}

export interface DistinguishedName {
  /** The canonical encoding (latin1 text of its octets): equal keys are equal names. Empty for an empty name. */
  key: string;
  /** Every attribute, in order. */
  attributes: NameAttribute[];
}

export const OID_COMMON_NAME = '2.5.4.3';
export const OID_EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

/** The string types OpenSSL canonicalises (ASN1_MASK_CANON). */
const CANONICAL_TYPES: ReadonlySet<number> = new Set<number>([
  TAG.utf8String,
  TAG.bmpString,
  TAG.universalString,
  TAG.printableString,
  TAG.t61String,
  TAG.ia5String,
  TAG.visibleString,
]);

/** The text of a string attribute as ASN1_STRING_to_UTF8 sees it; null for other types or broken encodings. */
export function stringValue(tag: number, value: Buffer): string | null {
  switch (tag) {
    case TAG.utf8String: {
      const text = value.toString('utf8');
      return Buffer.from(text, 'utf8').equals(value) ? text : null;
    }
    case TAG.bmpString:
      return wideText(value, 2);
    case TAG.universalString:
      return wideText(value, 4);
    case TAG.printableString:
    case TAG.t61String:
    case TAG.ia5String:
    case TAG.visibleString:
      // One octet per character (T61 read as Latin-1, as OpenSSL does).
      return value.toString('latin1');
    default:
      return null;
  }
}

/** UCS-2 (BMPString) or UCS-4 (UniversalString), big-endian; null when the length or a code point is wrong. */
function wideText(value: Buffer, width: 2 | 4): string | null {
  if (value.length % width !== 0) return null;
  let text = '';
  for (let i = 0; i < value.length; i += width) {
    const code = width === 2 ? value.readUInt16BE(i) : value.readUInt32BE(i);
    if (code > 0x10ffff) return null;
    text += String.fromCodePoint(code);
  }
  return text;
}

const SPACE = /^[ \t\n\v\f\r]$/;

/** asn1_string_canon: trim, collapse white space runs to one space, lower-case ASCII letters. */
export function canonicalText(text: string): string {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  let out = '';
  for (let i = 0; i < trimmed.length; i += 1) {
    const c = trimmed[i];
    if (SPACE.test(c)) {
      out += ' ';
      while (i + 1 < trimmed.length && SPACE.test(trimmed[i + 1])) i += 1;
    } else {
      out += c >= 'A' && c <= 'Z' ? c.toLowerCase() : c;
    }
  }
  return out;
}

function tlvBytes(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const length =
    n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), body]);
}

/** DER SET OF order (X.690 §11.6): the encodings compared as octet strings. */
function derSetOf(items: Buffer[]): Buffer {
  return tlvBytes(TAG.set, Buffer.concat([...items].sort(Buffer.compare)));
}

/** Parse a Name (SEQUENCE OF RelativeDistinguishedName); null when it is malformed. */
export function parseName(der: Uint8Array, tlv: Tlv | undefined): DistinguishedName | null {
  const rdns = childrenOf(der, tlv, TAG.sequence);
  if (rdns === null) return null;
  const attributes: NameAttribute[] = [];
  const canonical: Buffer[] = [];
  for (const rdn of rdns) {
    const entries = childrenOf(der, rdn, TAG.set);
    if (entries === null) return null;
    const encoded: Buffer[] = [];
    for (const entry of entries) {
      const [type, value, ...extra] = childrenOf(der, entry, TAG.sequence) ?? [];
      const oid = oidText(der, type);
      if (oid === null || value === undefined || extra.length > 0) return null;
      const bytes = contents(der, value);
      attributes.push({ oid, tag: value.tag, value: bytes });
      encoded.push(canonicalEntry(der, type, value, bytes));
    }
    if (encoded.length > 0) canonical.push(derSetOf(encoded));
  }
  return { key: Buffer.concat(canonical).toString('latin1'), attributes };
}

function canonicalEntry(der: Uint8Array, type: Tlv, value: Tlv, bytes: Buffer): Buffer {
  const typeBytes = Buffer.from(der.subarray(type.offset, type.end));
  const text = CANONICAL_TYPES.has(value.tag) ? stringValue(value.tag, bytes) : null;
  const valueBytes =
    text === null ? Buffer.from(der.subarray(value.offset, value.end)) : tlvBytes(TAG.utf8String, Buffer.from(canonicalText(text), 'utf8'));
  return tlvBytes(TAG.sequence, Buffer.concat([typeBytes, valueBytes]));
}
