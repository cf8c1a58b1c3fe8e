/**
 * The test world's HTTPS server for MTA-STS policy hosts: one listener on loopback, any free
 * port, that picks the certificate by SNI and the answer by Host, per `PolicySiteSpec`. Unknown
 * names get the first site's certificate and a 404.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { createSecureContext, type SecureContext } from 'node:tls';
import { loadLeaf } from './fixtures.js';
import type { PolicySiteSpec } from './policy-site.js';

export interface RunningPolicyServer {
  address: string;
  port: number;
  /** GET requests answered so far, per host name (live). */
  requests: Map<string, number>;
  close(): Promise<void>;
}

const POLICY_PATH = '/.well-known/mta-sts.txt';
/** The certificate for names no site declares (and for a scenario without sites). */
const FALLBACK_CERTIFICATE = 'valid';

export async function startPolicyServer(sites: Record<string, PolicySiteSpec>, host: string): Promise<RunningPolicyServer> {
  const contexts = new Map<string, SecureContext>();
  const contextFor = (id: string): SecureContext => {
    let context = contexts.get(id);
    if (context === undefined) {
      const { key, chain } = loadLeaf(id);
      context = createSecureContext({ key, cert: chain });
      contexts.set(id, context);
    }
    return context;
  };
  const fallback = loadLeaf(Object.values(sites)[0]?.certificate ?? FALLBACK_CERTIFICATE);
  const requests = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer(
    {
      key: fallback.key,
      cert: fallback.chain,
      SNICallback: (name, done) => done(null, contextFor(sites[name.toLowerCase()]?.certificate ?? FALLBACK_CERTIFICATE)),
    },
    (request, response) => {
      const name = (request.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      const site = sites[name];
      requests.set(name, (requests.get(name) ?? 0) + 1);
      if (site === undefined || request.url !== POLICY_PATH) return void response.writeHead(404).end();
      const timer = setTimeout(() => {
        timers.delete(timer);
        answer(site, request, response);
      }, site.delayMs ?? 0);
      timers.add(timer);
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: 0 }, () => {
      server.removeListener('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('policy server: no port');
  let closing: Promise<void> | null = null;
  return {
    address: host,
    port: address.port,
    requests,
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.forEach((timer) => clearTimeout(timer));
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function answer(site: PolicySiteSpec, _request: IncomingMessage, response: ServerResponse): void {
  const headers: Record<string, string> = {};
  const contentType = site.contentType === undefined ? 'text/plain' : site.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  if (site.location !== undefined) headers.location = site.location;
  const body = Buffer.concat([Buffer.from(site.body ?? '', 'utf8'), Buffer.alloc(site.padBytes ?? 0, '#')]);
  response.writeHead(site.status ?? 200, headers);
  response.end(body);
}
