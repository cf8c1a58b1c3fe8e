/**
 * The renderings of a listen run: a table line per session as it happens and a per-client
 * summary at the end; NDJSON (a line per session, then a line per client); one JSON document.
 * Every string that came from a client is sanitised before it reaches a terminal; JSON escapes
 * it by itself. Renderers decide nothing: verdicts and explanations come from src/listen/judge.ts.
 */
import type { ChalkInstance } from 'chalk';
import { POSTURE_TEXT, SESSION_END_TEXT, type ListenClient, type ListenReport, type ListenSession, type Posture } from '../model/listen.js';
import { sanitize } from '../text/sanitize.js';
import { safeJson } from './json.js';

export const LISTEN_FORMATS = ['table', 'ndjson', 'json'] as const;
export type ListenFormat = (typeof LISTEN_FORMATS)[number];

const shown = (text: string | null, none = '-') => (text === null || text === '' ? none : sanitize(text, 80));

export function listenHeader(posture: Posture, address: string, port: number): string {
  const where = address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
  return `tlscheck listen: ${POSTURE_TEXT[posture]}, on ${where}; every MAIL FROM is refused. Waiting for senders (Ctrl-C ends with the summary).\n`;
}

function tlsPart(session: ListenSession): string {
  if (!session.starttlsOffered) return session.starttlsAttempted ? 'STARTTLS tried (not offered)' : 'no STARTTLS tried';
  if (!session.starttlsAttempted) return 'STARTTLS not tried';
  if (session.tls) return `TLS ${session.tls.protocol} ${session.tls.cipher}, SNI ${shown(session.tls.sni, 'none')}`;
  return `TLS failed: ${shown(session.tlsError)}`;
}

function mailPart(session: ListenSession): string {
  if (!session.mailFrom) return 'no MAIL FROM';
  const how = session.plaintextMailFrom ? 'in PLAINTEXT' : 'over TLS';
  return `MAIL FROM <${shown(session.mailFrom.address, '')}> ${how} after ${session.mailFrom.afterMs} ms`;
}

export function renderSessionLine(session: ListenSession, paint: ChalkInstance): string {
  const client = session.client.address.includes(':') ? `[${session.client.address}]` : session.client.address;
  const mail = mailPart(session);
  const painted = session.mailFrom ? (session.plaintextMailFrom ? paint.red(mail) : paint.yellow(mail)) : mail;
  return (
    `${session.startedAt}  ${client}:${session.client.port}  EHLO ${shown(session.client.ehlo)}  ` +
    `${tlsPart(session)}  ${painted}  ended: ${SESSION_END_TEXT[session.end]} (${session.durationMs} ms)\n`
  );
}

function clientLine(client: ListenClient, paint: ChalkInstance): string {
  const colour = client.verdict === 'enforced' ? paint.green : client.verdict === 'not-enforced' ? paint.red : paint.yellow;
  const sessions = client.sessions === 1 ? '1 session' : `${client.sessions} sessions`;
  return `  ${colour(client.verdict.padEnd(12))}  ${client.address} (${sessions}): ${client.explanation}\n`;
}

export function renderListenSummary(report: ListenReport, paint: ChalkInstance): string {
  const lines = [`\nSummary (${POSTURE_TEXT[report.posture]}): ${report.sessions.length} session(s), stopped by ${report.stoppedBy}\n`];
  if (report.clients.length === 0) lines.push('  no client connected: nothing decisive\n');
  for (const client of report.clients) lines.push(clientLine(client, paint));
  return lines.join('');
}

export const renderSessionNdjson = (session: ListenSession): string => `${safeJson(session)}\n`;

export const renderClientsNdjson = (report: ListenReport): string => report.clients.map((client) => `${safeJson(client)}\n`).join('');

export function renderListenJson(report: ListenReport): string {
  const listen = { posture: report.posture, stoppedBy: report.stoppedBy, sessions: report.sessions, clients: report.clients };
  return `${safeJson({ schemaVersion: 1, listen }, 2)}\n`;
}
