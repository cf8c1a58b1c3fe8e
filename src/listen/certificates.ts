/**
 * The certificates of the postures, made in memory at start-up (nothing fetched, no files, the
 * keys never written). Every one is self-signed, so a verifying sender refuses all three; they
 * differ in what else is wrong: `untrusted` names this receiver and is in date, `wrong-name`
 * names another host, `expired` ended in 2002. RSA 2048, so no sender fails on the key type.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as der from './der-writer.js';

export interface PostureCertificate {
  /** PEM of the certificate. */
  cert: string;
  /** PEM (PKCS#8) of the private key; kept in memory only. */
  key: string;
}

export interface CertificateSpec {
  /** The subject's common name and only dNSName. */
  name: string;
  notBefore: Date;
  notAfter: Date;
}

/** The name the wrong-name certificate carries: under .invalid (RFC 2606), so it is nobody's. */
export const WRONG_NAME = 'wrong-name.tlscheck.invalid';

export const VALIDITY = {
  current: { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2120-01-01T00:00:00Z') },
  expired: { notBefore: new Date('2001-01-01T00:00:00Z'), notAfter: new Date('2002-01-01T00:00:00Z') },
} as const;

const OID = {
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return der.sequence(der.objectIdentifier(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function selfSignedCertificate(spec: CertificateSpec): PostureCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const algorithm = der.sequence(der.objectIdentifier(OID.sha256WithRsa), der.nullValue());
  const name = der.sequence(der.set(der.sequence(der.objectIdentifier(OID.commonName), der.utf8String(spec.name))));
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = der.sequence(
    der.explicit(0, der.unsignedInteger(Buffer.from([2]))),
    der.unsignedInteger(serial),
    algorithm,
    name,
    der.sequence(der.time(spec.notBefore), der.time(spec.notAfter)),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(
      3,
      der.sequence(
        extension(OID.basicConstraints, true, der.sequence()),
        extension(OID.extKeyUsage, false, der.sequence(der.objectIdentifier(OID.serverAuth))),
        extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from(spec.name, 'ascii')))),
      ),
    ),
  );
  const signature = sign('sha256', tbs, privateKey);
  return {
    cert: pem('CERTIFICATE', der.sequence(tbs, algorithm, der.bitString(signature))),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
