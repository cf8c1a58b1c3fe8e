/**
 * Signature and public-key algorithms as path validation sees them: which key type a signature
 * algorithm needs (OpenSSL's check_sig_alg_match), how many bits of security its digest gives
 * (x509_sig_info_init: SHA-1 63, MD5 39), and whether an EC key carries explicit curve
 * parameters instead of a named curve (RFC 5480 §2.1.1 forbids them; OpenSSL 3.0 refuses them,
 * X509_V_ERR_EC_KEY_EXPLICIT_PARAMS). Pure.
 */
import { childrenOf, contextTag, oidText, TAG, type Tlv } from './der.js';

export type KeyType = 'rsa' | 'rsa-pss' | 'ec' | 'dsa' | 'ed25519' | 'ed448' | 'other';

export interface SignatureFacts {
  oid: string;
  /** The issuer key types this algorithm can be verified with; empty for an algorithm OpenSSL does not know. */
  keyTypes: readonly KeyType[];
  /** Security bits of the digest (OpenSSL's rating), or null when unknown. */
  digestBits: number | null;
}

export interface PublicKeyFacts {
  /** The subjectPublicKeyInfo algorithm, dotted. */
  oid: string;
  type: KeyType;
  /** An EC key whose parameters are a specifiedCurve (explicit) rather than a namedCurve OID. */
  explicitCurve: boolean;
}

const RSA: readonly KeyType[] = ['rsa'];
const EC: readonly KeyType[] = ['ec'];
const DSA: readonly KeyType[] = ['dsa'];

/** Security bits per digest (half the output size, except the broken ones OpenSSL rates lower). */
const DIGEST_BITS: Record<string, number> = {
  md2: 0,
  md4: 0,
  md5: 39,
  sha1: 63,
  sha224: 112,
  sha256: 128,
  sha384: 192,
  sha512: 256,
  'sha512-224': 112,
  'sha512-256': 128,
  'sha3-224': 112,
  'sha3-256': 128,
  'sha3-384': 192,
  'sha3-512': 256,
};

/** OpenSSL's signature algorithm table (crypto/objects/obj_xref.txt): OID -> [key types, digest]. */
const SIGNATURES: Record<string, [readonly KeyType[], string]> = {
  '1.2.840.113549.1.1.2': [RSA, 'md2'],
  '1.2.840.113549.1.1.3': [RSA, 'md4'],
  '1.2.840.113549.1.1.4': [RSA, 'md5'],
  '1.2.840.113549.1.1.5': [RSA, 'sha1'],
  '1.3.14.3.2.29': [RSA, 'sha1'],
  '1.2.840.113549.1.1.14': [RSA, 'sha224'],
  '1.2.840.113549.1.1.11': [RSA, 'sha256'],
  '1.2.840.113549.1.1.12': [RSA, 'sha384'],
  '1.2.840.113549.1.1.13': [RSA, 'sha512'],
  '1.2.840.113549.1.1.15': [RSA, 'sha512-224'],
  '1.2.840.113549.1.1.16': [RSA, 'sha512-256'],
  '2.16.840.1.101.3.4.3.13': [RSA, 'sha3-224'],
  '2.16.840.1.101.3.4.3.14': [RSA, 'sha3-256'],
  '2.16.840.1.101.3.4.3.15': [RSA, 'sha3-384'],
  '2.16.840.1.101.3.4.3.16': [RSA, 'sha3-512'],
  '1.2.840.10045.4.1': [EC, 'sha1'],
  '1.2.840.10045.4.3.1': [EC, 'sha224'],
  '1.2.840.10045.4.3.2': [EC, 'sha256'],
  '1.2.840.10045.4.3.3': [EC, 'sha384'],
  '1.2.840.10045.4.3.4': [EC, 'sha512'],
  '2.16.840.1.101.3.4.3.9': [EC, 'sha3-224'],
  '2.16.840.1.101.3.4.3.10': [EC, 'sha3-256'],
  '2.16.840.1.101.3.4.3.11': [EC, 'sha3-384'],
  '2.16.840.1.101.3.4.3.12': [EC, 'sha3-512'],
  '1.2.840.10040.4.3': [DSA, 'sha1'],
  '2.16.840.1.101.3.4.3.1': [DSA, 'sha224'],
  '2.16.840.1.101.3.4.3.2': [DSA, 'sha256'],
  '2.16.840.1.101.3.4.3.3': [DSA, 'sha384'],
  '2.16.840.1.101.3.4.3.4': [DSA, 'sha512'],
};

const RSASSA_PSS = '1.2.840.113549.1.1.10';

const HASH_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.5': 'sha512-224',
  '2.16.840.1.101.3.4.2.6': 'sha512-256',
};

/** RSASSA-PSS parameters (RFC 4055 §3.1): the hashAlgorithm, SHA-1 when absent. */
function pssDigest(der: Uint8Array, params: Tlv | undefined): string | null {
  if (params === undefined) return 'sha1';
  const fields = childrenOf(der, params, TAG.sequence);
  if (fields === null) return null;
  const hash = fields.find((field) => field.tag === contextTag(0, true));
  if (hash === undefined) return 'sha1';
  const [algorithm] = childrenOf(der, childrenOf(der, hash, hash.tag)?.[0], TAG.sequence) ?? [];
  return HASH_OIDS[oidText(der, algorithm) ?? ''] ?? null;
}

/** An AlgorithmIdentifier of a signature; null when it is not one. */
export function signatureFacts(der: Uint8Array, tlv: Tlv | undefined): SignatureFacts | null {
  const [algorithm, params] = childrenOf(der, tlv, TAG.sequence) ?? [];
  const oid = oidText(der, algorithm);
  if (oid === null) return null;
  if (oid === '1.3.101.112') return { oid, keyTypes: ['ed25519'], digestBits: 128 };
  if (oid === '1.3.101.113') return { oid, keyTypes: ['ed448'], digestBits: 224 };
  if (oid === RSASSA_PSS) {
    const digest = pssDigest(der, params);
    return { oid, keyTypes: ['rsa', 'rsa-pss'], digestBits: digest === null ? null : DIGEST_BITS[digest] };
  }
  const known = SIGNATURES[oid];
  return known === undefined ? { oid, keyTypes: [], digestBits: null } : { oid, keyTypes: known[0], digestBits: DIGEST_BITS[known[1]] };
}

const KEY_TYPES: Record<string, KeyType> = {
  '1.2.840.113549.1.1.1': 'rsa',
  [RSASSA_PSS]: 'rsa-pss',
  '1.2.840.10045.2.1': 'ec',
  '1.2.840.10040.4.1': 'dsa',
  '1.3.101.112': 'ed25519',
  '1.3.101.113': 'ed448',
};

/** A SubjectPublicKeyInfo; null when it is not one. */
export function publicKeyFacts(der: Uint8Array, tlv: Tlv | undefined): PublicKeyFacts | null {
  const [algorithmId, key] = childrenOf(der, tlv, TAG.sequence) ?? [];
  const [algorithm, params] = childrenOf(der, algorithmId, TAG.sequence) ?? [];
  const oid = oidText(der, algorithm);
  if (oid === null || key?.tag !== TAG.bitString) return null;
  const type = KEY_TYPES[oid] ?? 'other';
  return { oid, type, explicitCurve: type === 'ec' && params?.tag === TAG.sequence };
}
