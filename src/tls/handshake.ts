/**
 * How the TLS handshake after STARTTLS is made, as the sending platform would make it, and how the
 * result is read off the TLS socket.
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { createSecureContext, type ConnectionOptions, type SecureContext, type TLSSocket } from 'node:tls';
import { LIMITS } from '../model/limits.js';
import type { ChainVerification, TlsSession } from '../model/observation.js';
import type { TrustStore } from './trust-store.js';
import type { HandshakeTap } from './wire-tap.js';

/** 'modern': what the platform negotiates (TLS 1.2+). 'legacy': only to learn what an old server speaks. */
export type HandshakeMode = 'modern' | 'legacy';

/**
 * Options for `tls.connect({ socket, ...})`.
 *
 * rejectUnauthorized is false on purpose and not only in tests: the probe observes whatever chain
 * the server sends (expired, self-signed, incomplete), because Preferred and Required deliver
 * whatever the certificate. OpenSSL still verifies the chain during the handshake and Node
 * records its verdict (`authorized`); checkServerIdentity is a no-op so that verdict is about the
 * chain alone (names are matched by names.ts, against the MX host or the recipient domain). No
 * ALPN (SMTP uses none).
 */
export function handshakeOptions(host: string, mode: HandshakeMode): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: false, checkServerIdentity: () => undefined };
  // SNI carries a host name only (RFC 6066 §3): none for an IP literal.
  if (isIP(host) === 0) options.servername = host;
  return { ...options, ...versionOptions(mode) };
}

function versionOptions(mode: HandshakeMode): Pick<ConnectionOptions, 'minVersion' | 'maxVersion' | 'ciphers'> {
  if (mode === 'modern') return { minVersion: 'TLSv1.2' };
  // OpenSSL 3 refuses TLS 1.0/1.1 at the default security level; level 0 lets us see them.
  return { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' };
}

/** What a handshake is made with: the shared context and, when it verifies, its roots on demand. */
export interface HandshakeContext {
  secureContext: SecureContext;
  /**
   * Called by the tap (wire-tap.ts) with the certificates as sent, once it has read them and before
   * OpenSSL has: the public roots that chain may need go into the context's store. Null when
   * the chain could not be read ahead: then every root. Absent when the context verifies nothing.
   */
  beforeVerify?: (sent: readonly Buffer[] | null) => void;
}

const contexts = new Map<HandshakeMode, HandshakeContext>();
const verifyingContexts = new WeakMap<TrustStore, Map<HandshakeMode, HandshakeContext>>();

/**
 * The client SecureContext of a mode (its versions and ciphers as in handshakeOptions), made once
 * and shared by every handshake; pass it as `secureContext` next to handshakeOptions. Without it
 * tls.connect builds a new one per connection: SSL_CTX_new plus the bundled roots, ~0.2-0.4 ms of
 * CPU with OpenSSL 3, measured by the bench at a tenth of a probe's CPU. Sharing it changes nothing
 * a probe sees: Node's contexts keep no internal session cache (SSL_SESS_CACHE_NO_INTERNAL) and we
 * never pass a session, so every probe still makes a full handshake.
 *
 * With a trust store the context trusts exactly the store's anchors (`ca` replaces Node's default
 * roots), so OpenSSL's verdict during the handshake is about the same anchors the pure verification
 * uses; one context per store and mode (the legacy one judges the certificate of a server that
 * speaks only TLS 1.0/1.1, for senders that still negotiate those versions). The anchors from
 * --ca-file are in it from the start; the ~140 public roots are added as chains need them
 * (beforeVerify), because reading them all into OpenSSL costs ~25 ms, a tenth of a one-domain run,
 * and a chain needs one or two. Roots are only ever added, so a handshake in flight on the same
 * context is not disturbed: a root it does not name is one OpenSSL never looks at.
 */
export function handshakeContext(mode: HandshakeMode, trust?: TrustStore): HandshakeContext {
  if (trust === undefined) {
    let plain = contexts.get(mode);
    if (plain === undefined) contexts.set(mode, (plain = { secureContext: createSecureContext(versionOptions(mode)) }));
    return plain;
  }
  let byMode = verifyingContexts.get(trust);
  if (byMode === undefined) verifyingContexts.set(trust, (byMode = new Map()));
  let verifying = byMode.get(mode);
  if (verifying === undefined) byMode.set(mode, (verifying = verifyingContext(mode, trust)));
  return verifying;
}

/** Node's native context under a SecureContext, through which tls.createSecureContext adds its `ca`. */
type NativeContext = { addCACert?: (pem: string) => void };

function verifyingContext(mode: HandshakeMode, trust: TrustStore): HandshakeContext {
  const secureContext = createSecureContext({ ...versionOptions(mode), ca: [...trust.fileAnchorPems()] });
  const native = secureContext.context as NativeContext | undefined;
  const addCACert = native?.addCACert?.bind(native);
  if (addCACert === undefined) {
    // Not the Node this was written for: every anchor up front, as tls.createSecureContext would.
    return { secureContext: createSecureContext({ ...versionOptions(mode), ca: [...trust.anchorPems()] }) };
  }
  const added = new Set<string>();
  const beforeVerify = (sent: readonly Buffer[] | null): void => {
    for (const pem of trust.publicRootsFor(sent)) {
      if (added.has(pem)) continue;
      added.add(pem);
      addCACert(pem);
    }
  };
  return { secureContext, beforeVerify };
}

/** OpenSSL's verdict on the chain, as Node recorded it after the handshake. */
export function chainVerification(socket: TLSSocket): ChainVerification {
  if (socket.authorized) return { authorized: true, error: null };
  // Typed as an Error, but Node stores the code (or message) string there.
  const error = socket.authorizationError as unknown;
  return { authorized: false, error: typeof error === 'string' ? error : ((error as { code?: string } | null)?.code ?? 'UNSPECIFIED') };
}

/**
 * The certificates exactly as the server sent them, leaf first (DER), capped at
 * LIMITS.maxChainLength, from Node's API: the fallback when the chain could not be read off the
 * wire (wire-chain.ts), because this call leaks native memory in Node 20.
 *
 * Why not `getPeerCertificate(true)`: Node builds that chain by searching the sent certificates
 * for each issuer (dropping unrelated or duplicate ones, reordering) and then appends the issuer
 * found in its own trust store, so a server that omits the root would look like it sent one.
 * `getPeerX509Certificate()` is built from OpenSSL's SSL_get_peer_cert_chain, and its
 * `issuerCertificate` links simply follow that stack in the order received (checked on
 * Node 20: leaf-only gives 1, leaf+intermediate 2, leaf+unrelated+intermediate 3; a root in the
 * client's store is never added).
 */
export function sentChain(socket: TLSSocket): { chain: Buffer[]; length: number } {
  const chain: Buffer[] = [];
  let length = 0;
  let cert = socket.getPeerX509Certificate();
  // Keep at most maxChainLength certificates, but count what was sent (bounded, in case a
  // self-issued certificate names itself as its issuer).
  while (cert !== undefined && length < MAX_COUNTED_CHAIN) {
    if (chain.length < LIMITS.maxChainLength) chain.push(cert.raw);
    length += 1;
    const issuer: X509Certificate | undefined = cert.issuerCertificate;
    if (issuer !== undefined && issuer.raw.equals(cert.raw)) break;
    cert = issuer;
  }
  return { chain, length };
}

/** Counting stops here: no real chain comes near it. */
const MAX_COUNTED_CHAIN = 1000;

/**
 * The chain as sent: read off the wire when the handshake was recorded (no leak, see wire-chain.ts),
 * otherwise (or when that fails) from Node's API.
 */
export function sessionChain(socket: TLSSocket, tap?: HandshakeTap): Pick<TlsSession, 'chain' | 'sentChainLength'> {
  const fromWire = tap?.certificates() ?? null;
  if (fromWire !== null && fromWire.length > 0) {
    return { chain: fromWire.slice(0, LIMITS.maxChainLength), sentChainLength: Math.min(fromWire.length, MAX_COUNTED_CHAIN) };
  }
  const { chain, length } = sentChain(socket);
  return { chain, sentChainLength: length };
}

/** Protocol, cipher, chain and (when the context was given a trust store) OpenSSL's verdict of an established session. */
export function describeSession(socket: TLSSocket, verified: boolean = false, tap?: HandshakeTap): TlsSession {
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    ...sessionChain(socket, tap),
    verification: verified ? chainVerification(socket) : null,
  };
}
