/**
 * The MTA-STS policy fetch (RFC 8461 §3.3): GET https://mta-sts.<domain>/.well-known/mta-sts.txt
 * at an address our own resolver gave, SNI and certificate checks for mta-sts.<domain> against the
 * run's trust store, no redirects, one deadline for the whole fetch, and a size cap. Observation
 * only: what the server did becomes a `PolicyFetch`; nothing is thrown for it.
 *
 * The TLS session is made first and its certificate judged by the same analysis as an MX's
 * (analyze.ts: OpenSSL's verdict with the same anchors, the run's clock, RFC 6125 names); only a
 * certificate a sender would accept gets the HTTP request, over that same socket.
 */
import { connect as netConnect, isIPv6 } from 'node:net';
import tls from 'node:tls';
import { lookupFollowing } from '../dns/follow.js';
import type { Resolver } from '../dns/resolver.js';
import type { CertificateReport } from '../model/report.js';
import { analyzeCertificate } from '../tls/analyze.js';
import { chainVerification, handshakeContext, sessionChain } from '../tls/handshake.js';
import type { TrustStore } from '../tls/trust-store.js';
import { HandshakeTap } from '../tls/wire-tap.js';

export const POLICY_PATH = '/.well-known/mta-sts.txt';
/** RFC 8461 §3.3 lets senders cap the policy size; 64 KiB is what it suggests. */
export const MAX_POLICY_BYTES = 64 * 1024;

export type PolicyFetch =
  /** HTTP 200 over a verified connection; `body` is at most MAX_POLICY_BYTES (UTF-8, untrusted). */
  | { kind: 'fetched'; address: string; contentType: string | null; body: string }
  /** The policy host's certificate would not be accepted (RFC 8460 sts-webpki-invalid). */
  | { kind: 'untrusted'; address: string; certificate: CertificateReport }
  /** No policy came back; `message` says why (untrusted text inside is not yet sanitised). */
  | { kind: 'failed'; message: string };

export interface PolicyFetchOptions {
  resolver: Resolver;
  trust: TrustStore;
  now: () => Date;
  /** 443, except in the test world. */
  port: number;
  families: ReadonlySet<4 | 6>;
  /** For the whole fetch: lookups excluded, every address tried included. */
  deadlineMs: number;
  signal?: AbortSignal;
  /** Runs a connection to one address under the run's politeness (connections per address); default: at once. */
  perAddress?: <T>(address: string, connect: () => Promise<T>) => Promise<T>;
}

export function policyHost(domain: string): string {
  return `mta-sts.${domain}`;
}

export async function fetchStsPolicy(domain: string, options: PolicyFetchOptions): Promise<PolicyFetch> {
  const host = policyHost(domain);
  const addresses = await addressesOf(host, options);
  if (typeof addresses === 'string') return { kind: 'failed', message: addresses };
  const deadline = Date.now() + options.deadlineMs;
  let last: PolicyFetch = { kind: 'failed', message: `${host} has no address this run may use` };
  // Like a browser, the next address only when one cannot be reached at all.
  for (const address of addresses) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const connect = () => fetchFrom(address, host, domain, options, left);
    const attempt = await (options.perAddress ? options.perAddress(address, connect) : connect());
    if (attempt.kind !== 'unreachable') return attempt;
    last = { kind: 'failed', message: attempt.message };
  }
  return last;
}

/** The policy host's addresses from our resolver, or why there are none. */
async function addressesOf(host: string, options: PolicyFetchOptions): Promise<string[] | string> {
  const families = ([4, 6] as const).filter((family) => options.families.has(family));
  const lookups = await Promise.all(families.map((family) => lookupFollowing(options.resolver, host, family === 4 ? 'A' : 'AAAA')));
  const addresses: string[] = [];
  const problems: string[] = [];
  for (const lookup of lookups) {
    if (lookup.kind === 'records')
      addresses.push(...lookup.records.map((record) => ('data' in record ? String(record.data) : '')).filter((a) => a !== ''));
    else if (lookup.kind === 'failure') problems.push(lookup.message);
  }
  if (addresses.length > 0) return addresses;
  return problems.length > 0 ? `${host}: ${problems.join('; ')}` : `${host} does not resolve to an address`;
}

type Attempt = PolicyFetch | { kind: 'unreachable'; message: string };

function fetchFrom(address: string, host: string, domain: string, options: PolicyFetchOptions, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const where = isIPv6(address) ? `[${address}]:${options.port}` : `${address}:${options.port}`;
    let done = false;
    let secured = false;
    // Through the tap, as an MX's handshake: the chain as sent, read off the wire.
    const { secureContext, beforeVerify } = handshakeContext('modern', options.trust);
    const tap = new HandshakeTap(beforeVerify);
    const socket = tls.connect({
      socket: tap.wrap(netConnect({ host: address, port: options.port })),
      servername: host,
      secureContext,
      // Judged below by the certificate analysis, as for an MX; nothing is sent before that.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ALPNProtocols: ['http/1.1'],
    });
    tap.listen(socket);
    const finish = (result: Attempt): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => finish({ kind: 'failed', message: `${host}: interrupted` });
    const timer = setTimeout(
      () => finish({ kind: 'failed', message: `no policy from ${host} (${where}) within ${timeoutMs} ms` }),
      timeoutMs,
    );
    options.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => {
      const message = `${host} (${where}): ${error.message}`;
      finish(secured ? { kind: 'failed', message } : { kind: 'unreachable', message });
    });
    socket.once('secureConnect', () => {
      secured = true;
      const { chain, sentChainLength } = sessionChain(socket, tap);
      const certificate = analyzeCertificate(chain, {
        mxHost: host,
        domain,
        now: options.now(),
        trust: options.trust,
        verification: chainVerification(socket),
        sentChainLength,
      });
      if (!certificate.trusted || !certificate.matchesMx) return finish({ kind: 'untrusted', address, certificate });
      request(socket, host, address, where, finish).catch((error: Error) =>
        finish({ kind: 'failed', message: `${host} (${where}): ${error.message}` }),
      );
    });
  });
}

/** node:http is loaded on the first policy fetch: most domains publish no policy, and a run's start-up need not pay for it. */
async function request(
  socket: tls.TLSSocket,
  host: string,
  address: string,
  where: string,
  finish: (result: Attempt) => void,
): Promise<void> {
  const http = await import('node:http');
  const req = http.request({
    createConnection: () => socket,
    method: 'GET',
    path: POLICY_PATH,
    headers: { host, 'user-agent': 'tlscheck (MTA-STS policy check)', accept: 'text/plain' },
  });
  req.on('error', (error) => finish({ kind: 'failed', message: `${host} (${where}): ${error.message}` }));
  req.on('response', (response) => {
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      const location = response.headers.location ?? '(no Location)';
      return finish({ kind: 'failed', message: `HTTP ${status} redirect to ${location}: redirects are not followed (RFC 8461 §3.3)` });
    }
    if (status !== 200) return finish({ kind: 'failed', message: `HTTP ${status} from https://${host}${POLICY_PATH}` });
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_POLICY_BYTES) return finish({ kind: 'failed', message: `the policy is larger than ${MAX_POLICY_BYTES / 1024} KiB` });
      chunks.push(chunk);
    });
    response.on('error', (error) => finish({ kind: 'failed', message: `${host} (${where}): ${error.message}` }));
    response.on('end', () => {
      const contentType = response.headers['content-type'] ?? null;
      finish({ kind: 'fetched', address, contentType, body: Buffer.concat(chunks).toString('utf8') });
    });
  });
  req.end();
}
