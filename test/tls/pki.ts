/**
 * The committed test PKI (fixtures/pki, see its README), for every test that needs a
 * certificate, a key or server TLS options; and a small issuer for the odd certificates a
 * single test needs (bad signatures, loops, non-CA issuers).
 */
import 'reflect-metadata';
import { X509Certificate, webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';
import * as x509 from '@peculiar/x509';
import type { TrustError } from '../../src/model/report.js';
import { createTrustStore, parsePemCertificates, type TrustStore } from '../../src/tls/trust-store.js';
import { loadLeaf, pkiPath } from '../../src/world/fixtures.js';

x509.cryptoProvider.set(webcrypto);

/** Absolute path of a file of the test PKI, e.g. pkiPath('root.pem'). */
export { pkiPath };

/** The text of a PEM file of the test PKI. */
export function pemText(file: string): string {
  return readFileSync(pkiPath(file), 'utf8');
}

export function pemCerts(file: string): X509Certificate[] {
  return parsePemCertificates(pemText(file), file);
}

/** What the server of leaf `id` sends: DER, leaf first. */
export function sentChain(id: string): Buffer[] {
  return pemCerts(`${id}.chain.pem`).map((cert) => cert.raw);
}

/** Server TLS options for a leaf id of the test PKI (chain = exactly what the server sends). */
export function leaf(id: string, extra: SecureContextOptions = {}): SecureContextOptions {
  const { key, chain } = loadLeaf(id);
  return { key, cert: chain, ...extra };
}

/** DER of the first certificate of a PEM text, decoded by hand (independent of the code under test). */
export function derOf(pem: string): Buffer {
  const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? '';
  return Buffer.from(body.replace(/\s+/g, ''), 'base64');
}

const EC = { name: 'ECDSA', namedCurve: 'P-256' };
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' };

export interface KeyPair {
  privateKey: webcrypto.CryptoKey;
  publicKey: webcrypto.CryptoKey;
}

export async function newKey(): Promise<KeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as KeyPair;
}

/** A P-256 key pair from the fixtures ('intermediate', 'root', ...): the private key and its cert. */
export async function fixtureKey(id: string): Promise<KeyPair> {
  const pem = pemText(`${id}.key.pem`);
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, EC, true, ['sign']);
  const cert = pemCerts(`${id}.pem`)[0];
  const spki = cert.publicKey.export({ type: 'spki', format: 'der' });
  const publicKey = await webcrypto.subtle.importKey('spki', spki, EC, true, ['verify']);
  return { privateKey, publicKey };
}

export interface IssueOptions {
  subject: string;
  /** Issuer name; defaults to the subject (self-issued). */
  issuer?: string;
  /** Key of the certificate itself. */
  key: KeyPair;
  /** Key that signs; defaults to `key` (self-signed). */
  signer?: KeyPair;
  ca?: boolean;
  dnsNames?: string[];
  aia?: boolean;
  notBefore?: string;
  notAfter?: string;
}

/** Issue a certificate (DER). No key identifiers, so issuers are found by name. */
export async function issue(options: IssueOptions): Promise<Buffer> {
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(options.ca ?? false, undefined, true)];
  if (options.ca === true) extensions.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  if (options.dnsNames !== undefined) {
    extensions.push(new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns' as const, value }))));
  }
  if (options.aia === true) {
    extensions.push(new x509.AuthorityInfoAccessExtension({ caIssuers: new x509.GeneralName('url', 'http://pki.tlscheck.test/x.crt') }));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Math.floor(Math.random() * 0xffffff)
      .toString(16)
      .padStart(6, '1'),
    subject: options.subject,
    issuer: options.issuer ?? options.subject,
    notBefore: new Date(options.notBefore ?? '2020-01-01T00:00:00Z'),
    notAfter: new Date(options.notAfter ?? '2120-01-01T00:00:00Z'),
    publicKey: options.key.publicKey,
    signingKey: (options.signer ?? options.key).privateKey,
    signingAlgorithm: EC_SIGN,
    extensions,
  });
  return Buffer.from(cert.rawData);
}

/** One check of the path-validation cases (fixtures/pki/verify/cases.json, written by generate.mjs from cases.mjs). */
export interface VerifyCase {
  id: string;
  title: string;
  /** The clock to judge at (ISO). */
  at: string;
  /** tlscheck's trust error; null: trusted. */
  expect: TrustError | null;
  /** The first X509_V_ERR_* code `openssl verify -purpose sslserver -auth_level 1` gives (0: OK), as observed with OpenSSL 3.0. */
  openssl: number;
  /** A TLS server can serve it (there is a key file and the key is usable in a handshake). */
  tls: boolean;
}

export const VERIFY_DIR = pkiPath('verify/');

export function verifyCases(): VerifyCase[] {
  return JSON.parse(readFileSync(VERIFY_DIR + 'cases.json', 'utf8')) as VerifyCase[];
}

/** The files of a case: what the server sends (leaf first), the trust anchors, and where they are. */
export function caseFiles(id: string): {
  chain: X509Certificate[];
  anchors: X509Certificate[];
  chainFile: string;
  anchorsFile: string;
  keyFile: string;
} {
  const chainFile = `${VERIFY_DIR}${id}.chain.pem`;
  const anchorsFile = `${VERIFY_DIR}${id}.anchors.pem`;
  return {
    chain: parsePemCertificates(readFileSync(chainFile, 'utf8'), chainFile),
    anchors: parsePemCertificates(readFileSync(anchorsFile, 'utf8'), anchorsFile),
    chainFile,
    anchorsFile,
    keyFile: `${VERIFY_DIR}${id}.key.pem`,
  };
}

/** A store of exactly these anchors (no public roots). */
export function privateStore(...anchors: X509Certificate[]): TrustStore {
  return createTrustStore(anchors, { publicRoots: false });
}
