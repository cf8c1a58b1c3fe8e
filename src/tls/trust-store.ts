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
import { factsOf, parseCertificateFacts } from './certificate-facts.js';

export interface TrustStore {
  /** Trust anchors whose subject has the canonical key `name` (see nameKey). */
  anchorsFor(name: string): readonly X509Certificate[];
  /** Known intermediates (non-self-issued CA certificates from the files) with that subject. */
  intermediatesFor(name: string): readonly X509Certificate[];
  /** Is this exact certificate (same DER) a trust anchor? */
  isAnchor(cert: X509Certificate): boolean;
  /** Every anchor in PEM: what OpenSSL trusts (the handshake is given them as it needs them, below). */
  anchorPems(): readonly string[];
  /** The anchors from the files (--ca-file) in PEM: always in the handshake's store. */
  fileAnchorPems(): readonly string[];
  /**
   * The public roots (PEM) a handshake's store needs to verify `sent` (the certificates as sent)
   * exactly as with every root; every root when `sent` is null (the chain could not be read).
   */
  publicRootsFor(sent: readonly Buffer[] | null): readonly string[];
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
  /** Position -> issuer key, for the roots that are not self-issued (none, in Mozilla's set). */
  issuers: Record<string, string>;
}

export function rootsFingerprint(pems: readonly string[] = rootCertificates): string {
  return createHash('sha256').update(pems.join('\n')).digest('base64');
}

/** Indexes roots by parsing every one (what the build does, and the fallback). */
export function indexRoots(pems: readonly string[] = rootCertificates): RootsIndex {
  const keys: Record<string, number[]> = {};
  const issuers: Record<string, string> = {};
  pems.forEach((pem, i) => {
    const facts = factsOf(new X509Certificate(pem));
    (keys[facts?.subject.key ?? ''] ??= []).push(i);
    if (facts !== null && !facts.selfIssued) issuers[i] = facts.issuer.key;
  });
  return { fingerprint: rootsFingerprint(pems), keys, issuers };
}

/** The index the build wrote for Node's roots, when it is for these roots; null otherwise. */
function writtenIndex(pems: readonly string[]): RootsIndex | null {
  if (pems !== rootCertificates) return null;
  try {
    const index = JSON.parse(readFileSync(new URL('./roots-index.json', import.meta.url), 'utf8')) as RootsIndex;
    return index.fingerprint === rootsFingerprint(pems) && index.issuers !== undefined ? index : null;
  } catch {
    return null; // not built (tsc alone): index them now
  }
}

/** Public roots, found by subject and parsed only when asked for (they never change, so kept). */
class RootCatalogue {
  private index: RootsIndex | null = null;
  private readonly parsed = new Map<number, X509Certificate>();

  constructor(readonly pems: readonly string[]) {}

  /** Positions of the roots whose subject has the key `name`. */
  positions(name: string): readonly number[] {
    return this.indexed().keys[name] ?? [];
  }

  /** The issuer key of the root at `i` when it is not self-issued, else null. */
  issuerOf(i: number): string | null {
    return this.indexed().issuers[i] ?? null;
  }

  private indexed(): RootsIndex {
    return (this.index ??= writtenIndex(this.pems) ?? indexRoots(this.pems));
  }

  roots(name: string): X509Certificate[] {
    return this.positions(name).map((i) => {
      let cert = this.parsed.get(i);
      if (cert === undefined) {
        cert = new X509Certificate(this.pems[i] as string);
        this.parsed.set(i, cert);
      }
      return cert;
    });
  }

  /**
   * The roots (PEM) OpenSSL may consult to verify `sent`, the certificates as sent: it finds trust
   * anchors by name only (X509_STORE lookups: a certificate's issuer, or its own subject to see
   * whether it is itself trusted), so the roots named as subject or issuer by a certificate sent,
   * and the issuers of any such root that is not self-issued. Every root when a certificate does
   * not decode.
   */
  forChain(sent: readonly Buffer[]): readonly string[] {
    const wanted: string[] = [];
    for (const der of sent) {
      const facts = parseCertificateFacts(der);
      if (facts === null) return this.pems;
      wanted.push(facts.subject.key, facts.issuer.key);
    }
    const seen = new Set<string>();
    const found: string[] = [];
    for (let name = wanted.pop(); name !== undefined; name = wanted.pop()) {
      if (seen.has(name)) continue;
      seen.add(name);
      for (const i of this.positions(name)) {
        found.push(this.pems[i] as string);
        const issuer = this.issuerOf(i);
        if (issuer !== null) wanted.push(issuer);
      }
    }
    return found;
  }
}

let nodeRoots: RootCatalogue | null = null;

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
  /**
   * The public roots: Node's bundled ones (true, the default), none (false: tests wanting their
   * private roots only), or these PEM certificates instead (tests: a private root handled as a
   * public one, given to a handshake only when a chain needs it).
   */
  publicRoots?: boolean | readonly string[];
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
  const publicRoots = options.publicRoots ?? true;
  const catalogue =
    publicRoots === false
      ? null
      : publicRoots === true
        ? (nodeRoots ??= new RootCatalogue(rootCertificates))
        : new RootCatalogue(publicRoots);
  const anchorsFor = (name: string): readonly X509Certificate[] => {
    const mine = anchors.get(name) ?? [];
    const pub = catalogue?.roots(name) ?? [];
    return pub.length === 0 ? mine : [...mine, ...pub];
  };
  const filePems = own.map((cert) => cert.toString());
  return {
    anchorsFor,
    intermediatesFor: (name) => intermediates.get(name) ?? [],
    isAnchor: (cert) => anchorsFor(nameKey(cert, 'subject')).some((anchor) => anchor.raw.equals(cert.raw)),
    anchorPems: () => [...(catalogue?.pems ?? []), ...filePems],
    fileAnchorPems: () => filePems,
    publicRootsFor: (sent) => (catalogue === null ? [] : sent === null ? catalogue.pems : catalogue.forChain(sent)),
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
