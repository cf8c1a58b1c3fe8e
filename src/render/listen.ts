/**
 * The renderings of a listen run: a table line per session as it happens and a per-client
 * summary at the end; NDJSON (a line per session, then a line per client); one JSON document.
 * Every string that came from a client is sanitised before it reaches a terminal; JSON escapes
 * it by itself. Renderers decide nothing: verdicts and explanations come from src/listen/judge.ts.
 */
import type { ChalkInstance } from 'chalk';
import {
  CLIENT_VERDICTS,
  POSTURE_TEXT,
  SESSION_END_TEXT,
  STOP_TEXT,
  type ListenClient,
  type ListenReport,
  type ListenSession,
  type Posture,
} from '../model/listen.js';
import { sanitize } from '../text/sanitize.js';
import { safeJson } from './json.js';
import type { Width } from './layout.js';

export const LISTEN_FORMATS = ['table', 'ndjson', 'json', 'html'] as const;
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

/** A piece of a line and its colour (null: none). */
interface Part {
  text: string;
  paint: ((text: string) => string) | null;
}

/**
 * Lays parts out on lines of `width`: parts are separated by two spaces, words by one. A part
 * that does not fit starts a new line after `indent`; one longer than a line is broken between
 * its words (a word longer than a line is cut). `lead` starts the first line (already painted;
 * `leadWidth` columns). Width null (a pipe or a file): one line, whole, so grep sees full text.
 */
export function flow(parts: readonly Part[], width: Width, indent: string, lead = '', leadWidth = lead.length): string {
  if (width === null) return `${lead}${parts.map((part) => (part.paint ? part.paint(part.text) : part.text)).join('  ')}\n`;
  const room = Math.max(1, width - indent.length);
  const lines: string[] = [];
  let line = lead;
  let used = leadWidth;
  let start = leadWidth;
  const breakLine = () => {
    lines.push(line);
    line = indent;
    used = start = indent.length;
  };
  parts.forEach((part, index) => {
    if (used > start && used + 2 + part.text.length > width && part.text.length <= room) breakLine();
    part.text.split(' ').forEach((word, at) => {
      for (let cut = 0; cut < word.length || cut === 0; cut += room) {
        const text = word.slice(cut, cut + room);
        const gap = cut > 0 ? '' : at > 0 ? ' ' : index > 0 ? '  ' : '';
        if (used > start && used + gap.length + text.length > width) breakLine();
        const spaced = used === start ? '' : gap;
        line += spaced + (part.paint ? part.paint(text) : text);
        used += spaced.length + text.length;
      }
    });
  });
  lines.push(line);
  return `${lines.join('\n')}\n`;
}

/**
 * One line per session as it happens. On a terminal it wraps to `width`, continuation lines
 * indented; piped or written to a file it stays one line.
 */
export function renderSessionLine(session: ListenSession, paint: ChalkInstance, width: Width = null): string {
  const client = session.client.address.includes(':') ? `[${session.client.address}]` : session.client.address;
  const mailColour = session.mailFrom ? (session.plaintextMailFrom ? paint.red : paint.yellow) : null;
  return flow(
    [
      { text: session.startedAt, paint: null },
      { text: `${client}:${session.client.port}`, paint: null },
      { text: `EHLO ${shown(session.client.ehlo)}`, paint: null },
      { text: tlsPart(session), paint: null },
      { text: mailPart(session), paint: mailColour },
      { text: `ended: ${SESSION_END_TEXT[session.end]} (${session.durationMs} ms)`, paint: null },
    ],
    width,
    '    ',
  );
}

/** The verdict column of the summary: the longest verdict. */
const VERDICT_WIDTH = Math.max(...CLIENT_VERDICTS.map((verdict) => verdict.length));
/** Narrower than this, a client's explanation wraps under the address instead of beside the verdict. */
const HANGING_FROM = 60;

function clientLine(client: ListenClient, paint: ChalkInstance, width: Width): string {
  const colour = client.verdict === 'enforced' ? paint.green : client.verdict === 'not-enforced' ? paint.red : paint.yellow;
  const sessions = client.sessions === 1 ? '1 session' : `${client.sessions} sessions`;
  const address = client.address.includes(':') ? `[${client.address}]` : client.address;
  const indent = ' '.repeat(width !== null && width < HANGING_FROM ? 4 : VERDICT_WIDTH + 4);
  const lead = `  ${colour(client.verdict)}${' '.repeat(VERDICT_WIDTH - client.verdict.length)}  `;
  return flow([{ text: `${address} (${sessions}): ${client.explanation}`, paint: null }], width, indent, lead, VERDICT_WIDTH + 4);
}

export function renderListenSummary(report: ListenReport, paint: ChalkInstance, width: Width = null): string {
  const sessions = report.sessions.length === 1 ? '1 session' : `${report.sessions.length} sessions`;
  const head = `Summary (${POSTURE_TEXT[report.posture]}): ${sessions}, ended by ${STOP_TEXT[report.stoppedBy]}`;
  const lines = ['\n', flow([{ text: head, paint: null }], width, '    ')];
  if (report.clients.length === 0) lines.push(flow([{ text: '  no client connected: nothing decisive', paint: null }], width, '    '));
  for (const client of report.clients) lines.push(clientLine(client, paint, width));
  return lines.join('');
}

export const renderSessionNdjson = (session: ListenSession): string => `${safeJson(session)}\n`;

export const renderClientsNdjson = (report: ListenReport): string => report.clients.map((client) => `${safeJson(client)}\n`).join('');

export function renderListenJson(report: ListenReport): string {
  const listen = { posture: report.posture, stoppedBy: report.stoppedBy, sessions: report.sessions, clients: report.clients };
  return `${safeJson({ schemaVersion: 1, listen }, 2)}\n`;
}
