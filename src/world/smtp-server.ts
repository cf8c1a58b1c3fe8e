/**
 * A small scripted SMTP server for tests and the demo, on node:net + node:tls. Its behaviour
 * comes from data (`SmtpServerSpec`); see scripted-session.ts for the conversation itself.
 */
import { createServer, type Server } from 'node:net';
import { createSecureContext, type SecureContext, type SecureVersion } from 'node:tls';
import { loadLeaf } from './fixtures.js';
import { ScriptedSession, type SmtpServerStats } from './scripted-session.js';
import { needsCertificate, resolveSpec, validateSmtpServerSpec, type ResolvedSpec, type SmtpServerSpec } from './smtp-spec.js';

export type { SmtpServerStats } from './scripted-session.js';
export type { SmtpServerSpec, StarttlsBehaviour } from './smtp-spec.js';

export interface RunningSmtpServer {
  /** The address listened on, e.g. '127.0.0.2' or '::1'. */
  address: string;
  port: number;
  /** Live counters (mutated as sessions run). */
  stats: SmtpServerStats;
  /** Stops listening and destroys every open connection; resolves when all are closed. */
  close(): Promise<void>;
}

const LEGACY_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1'];

/** The TLS context of a spec, or null when it never reaches a handshake without a certificate. */
function secureContextOf(spec: ResolvedSpec): SecureContext | null {
  if (spec.certificate === null) return null;
  const { key, chain } = loadLeaf(spec.certificate);
  const legacy = [spec.tlsMinVersion, spec.tlsMaxVersion].some((v) => v !== null && LEGACY_VERSIONS.includes(v));
  const minVersion =
    spec.tlsMinVersion ?? (spec.tlsMaxVersion !== null && LEGACY_VERSIONS.includes(spec.tlsMaxVersion) ? 'TLSv1' : undefined);
  return createSecureContext({
    key,
    cert: chain,
    minVersion,
    maxVersion: spec.tlsMaxVersion ?? undefined,
    // OpenSSL 3 refuses TLS 1.0/1.1 (their SHA-1 based PRF/suites) at the default security level.
    ciphers: legacy ? 'DEFAULT@SECLEVEL=0' : undefined,
  });
}

function listen(server: Server, where: { host: string; port: number }): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once('error', onError);
    server.listen({ host: where.host, port: where.port }, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}

/**
 * Starts a server with `spec` on `listen` (port 0 = any free port). Throws on an invalid spec
 * or a missing certificate (our bug); rejects with the listen error (e.g. EADDRINUSE).
 */
export async function startSmtpServer(spec: SmtpServerSpec, where: { host: string; port: number }): Promise<RunningSmtpServer> {
  const errors = validateSmtpServerSpec(spec, 'behaviour');
  if (errors.length > 0) throw new Error(`invalid SMTP server spec: ${errors.join('; ')}`);
  const resolved = resolveSpec(spec);
  const secureContext = secureContextOf(resolved);
  if (needsCertificate(resolved) && secureContext === null) throw new Error('STARTTLS offered without a certificate');
  const stats: SmtpServerStats = { connections: 0, maxConcurrent: 0, commands: [], quitCount: 0, tlsSessions: 0, pipelinedViolations: 0 };
  const sessions = new Set<ScriptedSession>();
  // Sessions still in conversation, for maxConcurrent. A session stops counting at QUIT (before
  // the 221 is written, so a client that waits for the 221 can never be counted twice) or when
  // the client's FIN or a reset arrives; counting until 'close' would include our own teardown.
  const active = new Set<ScriptedSession>();
  const server = createServer((socket) => {
    stats.connections += 1;
    const gone = () => active.delete(session);
    const session = new ScriptedSession(socket, { spec: resolved, secureContext, stats, onQuit: gone });
    sessions.add(session);
    active.add(session);
    stats.maxConcurrent = Math.max(stats.maxConcurrent, active.size);
    socket.on('end', gone);
    socket.on('close', () => {
      gone();
      sessions.delete(session);
    });
    session.start();
  });
  // A listening server has no client-caused errors, but an unhandled 'error' would crash the run.
  server.on('error', () => undefined);
  await listen(server, where);
  const bound = server.address();
  if (bound === null || typeof bound === 'string') throw new Error('SMTP server has no TCP address');
  let closing: Promise<void> | null = null;
  return {
    address: bound.address,
    port: bound.port,
    stats,
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      });
      return closing;
    },
  };
}
