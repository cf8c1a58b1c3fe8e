/**
 * The Node.js leak that keeps a long run's memory growing (README "Benchmark"): every call of
 * `TLSSocket.getPeerX509Certificate()` leaks native memory (the issuer certificates Node copies
 * with X509_dup and drops from its stack with sk_X509_delete, which does not free them), so the
 * probe, which needs the chain exactly as sent, leaks a few kB per handshake. Handshakes with a
 * loopback server presenting the test PKI's leaf and intermediate, then three full GCs; the
 * glibc heap (the `[heap]` mapping) before and after.
 *
 *   node --expose-gc dist/bench/x509-leak.js <none|leaf|walk|legacy|wire> [handshakes=3000]
 *
 * none: no certificate read; leaf: getPeerX509Certificate(); walk: it and every issuerCertificate;
 * legacy: getPeerCertificate(true), which does not leak but rebuilds the chain (drops what is not
 * on the issuance path, appends the issuer from the client's trust store); wire: what the probe
 * does, the chain read off the wire (src/tls/wire-chain.ts) over a connected TCP socket.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { HandshakeTap } from '../src/tls/wire-tap.js';
import { pkiPath } from '../src/world/fixtures.js';

const VARIANTS = ['none', 'leaf', 'walk', 'legacy', 'wire'] as const;
type Variant = (typeof VARIANTS)[number];

function heapMb(): number {
  const maps = readFileSync('/proc/self/smaps', 'utf8');
  const rss = /Rss:\s+(\d+)/.exec(maps.slice(maps.indexOf('[heap]')));
  return Math.round(Number(rss?.[1] ?? 0) / 1024);
}

function readPeer(socket: tls.TLSSocket, variant: Variant): number {
  let bytes = 0;
  if (variant === 'leaf') bytes += socket.getPeerX509Certificate()?.raw.length ?? 0;
  if (variant === 'walk') {
    let cert = socket.getPeerX509Certificate();
    for (let depth = 0; cert && depth < 10; depth += 1) {
      bytes += cert.raw.length;
      const issuer = cert.issuerCertificate;
      if (issuer?.raw.equals(cert.raw)) break;
      cert = issuer;
    }
  }
  if (variant === 'legacy') {
    const seen = new Set<object>();
    for (
      let cert: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
      cert && !seen.has(cert);
      cert = cert.issuerCertificate
    ) {
      seen.add(cert);
      bytes += cert.raw.length;
    }
  }
  return bytes;
}

const variant = (process.argv[2] ?? 'leaf') as Variant;
const handshakes = Number(process.argv[3] ?? 3000);
if (!VARIANTS.includes(variant) || !(handshakes > 0) || typeof globalThis.gc !== 'function') {
  process.stderr.write('usage: node --expose-gc dist/bench/x509-leak.js <none|leaf|walk|legacy|wire> [handshakes]\n');
  process.exit(2);
}
const server = tls.createServer(
  { key: readFileSync(pkiPath('valid.key.pem')), cert: readFileSync(pkiPath('valid.chain.pem')) },
  (socket) => {
    socket.on('error', () => undefined);
    socket.end();
  },
);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const secureContext = tls.createSecureContext({ ca: [readFileSync(pkiPath('root.pem'), 'utf8')] });
const options = { servername: 'mx.valid.test', secureContext, rejectUnauthorized: false };
const one = () =>
  new Promise<void>((resolve) => {
    const done = (socket: tls.TLSSocket, bytes: number) => {
      if (bytes === 0) process.stderr.write('no certificate read\n');
      socket.destroy();
      resolve();
    };
    if (variant !== 'wire') {
      const socket = tls.connect({ host: '127.0.0.1', port, ...options }, () =>
        done(socket, variant === 'none' ? 1 : readPeer(socket, variant)),
      );
      socket.on('error', () => resolve());
      return;
    }
    const raw = net.connect({ host: '127.0.0.1', port }, () => {
      const tap = new HandshakeTap();
      const socket = tls.connect({ socket: tap.wrap(raw), ...options }, () =>
        done(
          socket,
          (tap.certificates() ?? []).reduce((sum, cert) => sum + cert.length, 0),
        ),
      );
      tap.listen(socket);
      socket.on('error', () => resolve());
    });
    raw.on('error', () => resolve());
  });
const before = heapMb();
for (let done = 0; done < handshakes; done += 20) await Promise.all(Array.from({ length: 20 }, one));
for (let i = 0; i < 3; i += 1) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 100));
}
process.stdout.write(`${variant}: ${handshakes} handshakes, glibc heap ${before} -> ${heapMb()} MB\n`);
server.close();
