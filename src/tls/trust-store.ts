/**
 * The trust store certificates are judged against: Node's bundled Mozilla roots plus the
 * certificates of any PEM files the user gives (--ca-file). The only I/O of src/tls/.
 *
 * A certificate from a file is a trust anchor when it is self-issued (subject = issuer). A
 * non-self-issued CA certificate from a file is only a *known intermediate*: it is not used to
 * complete a chain the server left incomplete (a sending MTA does not have it either; that is the
 * point of reporting 'incomplete-chain'), only to recognise that the chain is incomplete. The
 * handshake's own verification (handshake.ts) is given the same anchors and nothing else.
 *
 * Certificates are found by subject the way OpenSSL's X509_STORE finds them: by the canonical
 * form of the name (distinguished-name.ts), so case and spacing differences do not hide an issuer.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { factsOf } from './certificate-facts.js';

export interface TrustStore {
  /** Trust anchors whose subject has the canonical key `name` (see nameKey). */
  anchorsFor(name: string): readonly X509Certificate[];
  /** Known intermediates (non-self-issued CA certificates from the files) with that subject. */
  intermediatesFor(name: string): readonly X509Certificate[];
  /** Is this exact certificate (same DER) a trust anchor? */
  isAnchor(cert: X509Certificate): boolean;
  /** Every anchor in PEM, for the `ca` of the handshake's SecureContext: what OpenSSL trusts. */
  anchorPems(): readonly string[];
}

/** The canonical key of a certificate's subject or issuer name; '' when the certificate does not decode. */
export function nameKey(cert: X509Certificate, which: 'subject' | 'issuer'): string {
  return factsOf(cert)?.[which].key ?? '';
}

type Index = Map<string, X509Certificate[]>;

function addTo(index: Index, cert: X509Certificate): void {
  const key = nameKey(cert, 'subject');
  const list = index.get(key);
  if (list === undefined) index.set(key, [cert]);
  else list.push(cert);
}

/**
 * The bundled roots by subject key. Parsing all ~140 of them (and decoding their names) is most of
 * what one domain costs on top of Node's own start-up, and a chain needs one or two: the build
 * (scripts/bundle.mjs) writes which roots have which subject key to roots-index.json next to the
 * code, with a fingerprint of the roots it indexed; a Node whose roots differ (another version)
 * indexes them here instead, once. Roots are parsed when a chain asks for their subject.
 */
export interface RootsIndex {
  /** SHA-256 (base64) of Node's rootCertificates joined by newlines: the set this index is for. */
  fingerprint: string;
  /** Subject key -> positions in rootCertificates. */
  keys: Record<string, number[]>;
}

export function rootsFingerprint(): string {
  return createHash('sha256').update(rootCertificates.join('\n')).digest('base64');
}

/** Indexes Node's roots by parsing every one (what the build does, and the fallback). */
export function indexRoots(): RootsIndex {
  const keys: Record<string, number[]> = {};
  rootCertificates.forEach((pem, i) => {
    const key = nameKey(new X509Certificate(pem), 'subject');
    (keys[key] ??= []).push(i);
  });
  return { fingerprint: rootsFingerprint(), keys };
}

let rootKeys: Map<string, number[]> | null = null;
const parsedRoots = new Map<number, X509Certificate>();

function bundledRootKeys(): Map<string, number[]> {
  if (rootKeys === null) {
    let index: RootsIndex | null = null;
    try {
      index = JSON.parse(readFileSync(new URL('./roots-index.json', import.meta.url), 'utf8')) as RootsIndex;
    } catch {
      index = null; // not built (tsc alone): index them now
    }
    if (index === null || index.fingerprint !== rootsFingerprint()) index = indexRoots();
    rootKeys = new Map(Object.entries(index.keys));
  }
  return rootKeys;
}

/** The bundled roots whose subject has the key `name`, parsed on first use and kept (they never change). */
function bundledRoots(name: string): X509Certificate[] {
  return (bundledRootKeys().get(name) ?? []).map((i) => {
    let cert = parsedRoots.get(i);
    if (cert === undefined) {
      cert = new X509Certificate(rootCertificates[i] as string);
      parsedRoots.set(i, cert);
    }
    return cert;
  });
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;

/**
 * Every certificate of a PEM text, in order. `source` names the text in errors. Throws when
 * there is no certificate or one does not parse: a usage error the CLI reports.
 */
export function parsePemCertificates(pem: string, source: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error(`${source}: no PEM certificate (-----BEGIN CERTIFICATE-----) found`);
  return blocks.map((block, i) => {
    try {
      return new X509Certificate(block);
    } catch (error) {
      throw new Error(`${source}: certificate #${i + 1} does not parse (${(error as Error).message})`);
    }
  });
}

/** A --ca-file that cannot be used: a usage error, not a bug. */
export class CaFileError extends Error {
  override name = 'CaFileError';
}

export interface TrustStoreOptions {
  /** Include Node's bundled public roots (default true; tests may want the private roots only). */
  publicRoots?: boolean;
}

/** A store from certificates already in memory. */
export function createTrustStore(extra: readonly X509Certificate[], options: TrustStoreOptions = {}): TrustStore {
  const anchors: Index = new Map();
  const intermediates: Index = new Map();
  const own: X509Certificate[] = [];
  for (const cert of extra) {
    if (factsOf(cert)?.selfIssued === true) {
      addTo(anchors, cert);
      own.push(cert);
    } else if (cert.ca) addTo(intermediates, cert);
    // A non-CA, non-self-issued certificate in a CA file can neither anchor nor issue: ignored.
  }
  const usePublic = options.publicRoots ?? true;
  const anchorsFor = (name: string): readonly X509Certificate[] => {
    const mine = anchors.get(name) ?? [];
    const pub = usePublic ? bundledRoots(name) : [];
    return pub.length === 0 ? mine : [...mine, ...pub];
  };
  let pems: string[] | null = null;
  return {
    anchorsFor,
    intermediatesFor: (name) => intermediates.get(name) ?? [],
    isAnchor: (cert) => anchorsFor(nameKey(cert, 'subject')).some((anchor) => anchor.raw.equals(cert.raw)),
    anchorPems: () => (pems ??= [...(usePublic ? rootCertificates : []), ...own.map((cert) => cert.toString())]),
  };
}

/**
 * The bundled roots plus every certificate in `extraPemFiles`. Throws a CaFileError naming the file
 * when a file cannot be read, holds no certificate, or holds one that does not parse.
 */
export function loadTrustStore(extraPemFiles: readonly string[]): TrustStore {
  const extra: X509Certificate[] = [];
  for (const file of extraPemFiles) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new CaFileError(`CA file ${file}: cannot be read (${code})`);
    }
    try {
      extra.push(...parsePemCertificates(text, `CA file ${file}`));
    } catch (error) {
      throw new CaFileError((error as Error).message);
    }
  }
  return createTrustStore(extra);
}
