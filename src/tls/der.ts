/**
 * A small DER reader (X.690 §8, §10) for the certificate fields Node's X509Certificate does not
 * expose: extension criticality, basicConstraints pathLenConstraint, key usage bits, name
 * constraints, key identifiers, EC parameters. Pure and total: malformed input gives null, never
 * an exception, because every byte comes from a remote server.
 *
 * Accepted like OpenSSL's decoder: long-form lengths even where a short form would do. Refused:
 * indefinite lengths and high tag numbers (no certificate field uses them).
 */

export interface Tlv {
  /** The identifier octet (class, constructed bit and tag number). */
  tag: number;
  /** Offset of the identifier octet. */
  offset: number;
  /** Offset of the first content octet. */
  start: number;
  /** Offset just past the last content octet. */
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  t61String: 0x14,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  visibleString: 0x1a,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Context-specific tag `n`, primitive (IMPLICIT of a primitive type) or constructed. */
export const contextTag = (n: number, constructed: boolean): number => (constructed ? 0xa0 : 0x80) | n;

/** The element at `offset`, which must end by `limit`; null when it does not parse. */
export function readTlv(der: Uint8Array, offset: number, limit: number = der.length): Tlv | null {
  if (offset + 2 > limit) return null;
  const tag = der[offset];
  if ((tag & 0x1f) === 0x1f) return null;
  const first = der[offset + 1];
  let start = offset + 2;
  let length = first;
  if (first & 0x80) {
    const count = first & 0x7f;
    // 0x80 is the indefinite form (BER only); more than 4 length octets would be over 4 GB.
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i += 1) length = length * 256 + der[start + i];
    start += count;
  }
  const end = start + length;
  return end > limit ? null : { tag, offset, start, end };
}

/** The elements inside a constructed element, which must fill it exactly; null when they do not. */
export function children(der: Uint8Array, parent: Tlv): Tlv[] | null {
  const items: Tlv[] = [];
  for (let offset = parent.start; offset < parent.end;) {
    const item = readTlv(der, offset, parent.end);
    if (item === null) return null;
    items.push(item);
    offset = item.end;
  }
  return items;
}

/** The elements of `parent` when it has tag `tag`; null otherwise. */
export function childrenOf(der: Uint8Array, parent: Tlv | null | undefined, tag: number): Tlv[] | null {
  return parent !== null && parent !== undefined && parent.tag === tag ? children(der, parent) : null;
}

export function contents(der: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(der.buffer, der.byteOffset + tlv.start, tlv.end - tlv.start);
}

/** The whole element, identifier and length octets included. */
export function encoding(der: Uint8Array, tlv: Tlv): Buffer {
  return Buffer.from(der.buffer, der.byteOffset + tlv.offset, tlv.end - tlv.offset);
}

/** Dotted text of an OBJECT IDENTIFIER element; null when it is not one or does not parse. */
export function oidText(der: Uint8Array, tlv: Tlv | undefined): string | null {
  if (tlv === undefined || tlv.tag !== TAG.oid || tlv.end === tlv.start) return null;
  const arcs: number[] = [];
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i += 1) {
    // A leading 0x80 in an arc is a non-minimal encoding; OpenSSL refuses it (X.690 §8.19.2).
    if (value === 0 && der[i] === 0x80) return null;
    value = value * 128 + (der[i] & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER / 128) return null;
    if ((der[i] & 0x80) === 0) {
      arcs.push(value);
      value = 0;
    }
  }
  if ((der[tlv.end - 1] & 0x80) !== 0) return null;
  const [first, ...rest] = arcs;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...rest].join('.');
}

/**
 * A small INTEGER element as a number: null when it is not an INTEGER, is empty, or does not
 * fit in 31 bits; negative values come back negative.
 */
export function smallInteger(der: Uint8Array, tlv: Tlv | undefined, tag: number = TAG.integer): number | null {
  if (tlv === undefined || tlv.tag !== tag || tlv.end === tlv.start) return null;
  const negative = (der[tlv.start] & 0x80) !== 0;
  let value = 0;
  for (let i = tlv.start; i < tlv.end; i += 1) {
    value = value * 256 + (negative ? 0xff - der[i] : der[i]);
    if (value > 0x7fffffff) return negative ? -Infinity : Infinity;
  }
  return negative ? -(value + 1) : value;
}

/** BOOLEAN: any non-zero octet is true, as OpenSSL reads it; null when not a one-octet BOOLEAN. */
export function booleanValue(der: Uint8Array, tlv: Tlv | undefined): boolean | null {
  if (tlv === undefined || tlv.tag !== TAG.boolean || tlv.end - tlv.start !== 1) return null;
  return der[tlv.start] !== 0;
}

/**
 * The bits of a BIT STRING (the unused trailing bits cleared), as bytes; null when it is not a
 * BIT STRING or claims more than 7 unused bits (OpenSSL: ASN1_R_INVALID_BIT_STRING_BITS_LEFT).
 */
export function bitStringBytes(der: Uint8Array, tlv: Tlv | undefined, tag: number = TAG.bitString): Buffer | null {
  if (tlv === undefined || tlv.tag !== tag || tlv.end === tlv.start) return null;
  const unused = der[tlv.start];
  if (unused > 7 || (unused > 0 && tlv.end - tlv.start === 1)) return null;
  const bytes = Buffer.from(der.subarray(tlv.start + 1, tlv.end));
  if (bytes.length > 0) bytes[bytes.length - 1] &= (0xff << unused) & 0xff;
  return bytes;
}
