/**
 * How the handshake after STARTTLS is made, as the sending platform would make it, and how the
 * result is read off the TLS socket.
 */
import { isIP } from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import { LIMITS } from '../model/limits.js';
import type { TlsSession } from '../model/observation.js';

/** 'modern': what the platform negotiates (TLS 1.2+). 'legacy': only to learn what an old server speaks. */
export type HandshakeMode = 'modern' | 'legacy';

/**
 * Options for `tls.connect({ socket, ...})`.
 *
 * rejectUnauthorized is false on purpose and not only in tests: the probe observes whatever chain
 * the server sends (expired, self-signed, incomplete) and the trust judgement is made later by
 * pure code from that chain. No ALPN (SMTP uses none).
 */
export function handshakeOptions(host: string, mode: HandshakeMode): ConnectionOptions {
  const options: ConnectionOptions = { rejectUnauthorized: false };
  // SNI carries a host name only (RFC 6066 §3): none for an IP literal.
  if (isIP(host) === 0) options.servername = host;
  if (mode === 'modern') {
    options.minVersion = 'TLSv1.2';
  } else {
    // OpenSSL 3 refuses TLS 1.0/1.1 at the default security level; level 0 lets us see them.
    options.minVersion = 'TLSv1';
    options.maxVersion = 'TLSv1.1';
    options.ciphers = 'DEFAULT@SECLEVEL=0';
  }
  return options;
}

/**
 * The certificates exactly as the server sent them, leaf first (DER), capped at
 * LIMITS.maxChainLength.
 *
 * Why not `getPeerCertificate(true)`: Node builds that chain by searching the sent certificates
 * for each issuer (dropping unrelated or duplicate ones, reordering) and then appends the issuer
 * found in its own trust store, so a server that omits the root would look like it sent one.
 * `getPeerX509Certificate()` is built from OpenSSL's SSL_get_peer_cert_chain, and its
 * `issuerCertificate` links simply follow that stack in the order received (checked on
 * Node 20: leaf-only gives 1, leaf+intermediate 2, leaf+unrelated+intermediate 3; a root in the
 * client's store is never added).
 */
export function sentChain(socket: TLSSocket): Buffer[] {
  const chain: Buffer[] = [];
  let cert = socket.getPeerX509Certificate();
  while (cert !== undefined && chain.length < LIMITS.maxChainLength) {
    chain.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** Protocol, cipher and chain of an established session. */
export function describeSession(socket: TLSSocket): TlsSession {
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher()?.name ?? 'unknown',
    chain: sentChain(socket),
  };
}
