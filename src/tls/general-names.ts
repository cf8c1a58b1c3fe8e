/**
 * GeneralName (RFC 5280 §4.2.1.6) as OpenSSL's decoder reads it: the choice a subjectAltName,
 * an authority key identifier and a name constraint are made of. Pure; null on malformed input.
 */
import { children, childrenOf, contents, contextTag, oidText, readTlv, TAG, type Tlv } from './der.js';
import { parseName, type DistinguishedName } from './distinguished-name.js';

export type GeneralName =
  | { type: 'otherName'; typeId: string; value: Buffer }
  /** rfc822Name: an e-mail address, or a mailbox/host/domain constraint. IA5 octets as latin1 text. */
  | { type: 'email'; value: string }
  | { type: 'dns'; value: string }
  | { type: 'x400' }
  | { type: 'dirName'; name: DistinguishedName }
  | { type: 'ediParty' }
  | { type: 'uri'; value: string }
  /** 4 or 16 octets in a certificate; 8 or 32 (address and mask) in a name constraint. */
  | { type: 'ip'; value: Buffer }
  | { type: 'rid'; value: string };

export type GeneralNameType = GeneralName['type'];

/**
 * The octets of an IMPLICIT string: primitive, or (BER, which OpenSSL's decoder also takes)
 * constructed from primitive segments; null when a segment is not primitive.
 */
function stringOctets(der: Uint8Array, tlv: Tlv): Buffer | null {
  if ((tlv.tag & 0x20) === 0) return contents(der, tlv);
  const segments = children(der, tlv);
  if (segments === null || segments.some((segment) => (segment.tag & 0x20) !== 0)) return null;
  return Buffer.concat(segments.map((segment) => contents(der, segment)));
}

/** The IMPLICIT string choices, by tag number: rfc822Name, dNSName, uniformResourceIdentifier, iPAddress. */
const STRING_CHOICES: Record<number, 'email' | 'dns' | 'uri' | 'ip'> = { 1: 'email', 2: 'dns', 6: 'uri', 7: 'ip' };

/** One GeneralName element; null when its tag is not one of the nine or its contents are malformed. */
export function parseGeneralName(der: Uint8Array, tlv: Tlv): GeneralName | null {
  const choice = (tlv.tag & 0xc0) === 0x80 ? STRING_CHOICES[tlv.tag & 0x1f] : undefined;
  if (choice !== undefined) {
    const octets = stringOctets(der, tlv);
    if (octets === null) return null;
    return choice === 'ip' ? { type: 'ip', value: octets } : { type: choice, value: octets.toString('latin1') };
  }
  switch (tlv.tag) {
    case contextTag(0, true): {
      const [typeId, explicit, ...extra] = children(der, tlv) ?? [];
      const oid = oidText(der, typeId);
      const value = explicit?.tag === contextTag(0, true) ? children(der, explicit) : null;
      if (oid === null || value === null || value.length !== 1 || extra.length > 0) return null;
      return { type: 'otherName', typeId: oid, value: contents(der, value[0]) };
    }
    case contextTag(3, true):
      return { type: 'x400' };
    case contextTag(4, true): {
      const inner = children(der, tlv);
      const name = inner !== null && inner.length === 1 ? parseName(der, inner[0]) : null;
      return name === null ? null : { type: 'dirName', name };
    }
    case contextTag(5, true):
      return { type: 'ediParty' };
    case contextTag(8, false): {
      const rid = oidText(der, { ...tlv, tag: TAG.oid });
      return rid === null ? null : { type: 'rid', value: rid };
    }
    default:
      return null;
  }
}

/** GeneralNames (SEQUENCE OF GeneralName) in `tlv`, whose own tag must be `tag`; null when malformed. */
export function parseGeneralNames(der: Uint8Array, tlv: Tlv | undefined, tag: number = TAG.sequence): GeneralName[] | null {
  const items = childrenOf(der, tlv, tag);
  if (items === null) return null;
  const names: GeneralName[] = [];
  for (const item of items) {
    const name = parseGeneralName(der, item);
    if (name === null) return null;
    names.push(name);
  }
  return names;
}

/** GeneralNames as the whole of an extension value (only its first element counts, as in OpenSSL). */
export function generalNamesValue(value: Buffer): GeneralName[] | null {
  const top = readTlv(value, 0);
  return top === null ? null : parseGeneralNames(value, top);
}
