/**
 * `tlscheck listen --format html`: the listener's record as a page to attach to the change
 * request. Per sending client its verdict (enforced / not enforced / inconclusive) and why, then
 * every session as a row. Every string a client sent (EHLO name, MAIL FROM, SNI, TLS error) is
 * untrusted: sanitised and escaped like a server's banner.
 */
import { POSTURE_TEXT, STOP_TEXT, type ClientVerdict, type ListenReport, type ListenSession } from '../model/listen.js';
import { plural } from '../text/words.js';
import { code, escapeHtml, untrusted } from './html-escape.js';
import { htmlPage } from './html.js';

const VERDICT_CELL: Record<ClientVerdict, { tone: string; text: string }> = {
  enforced: { tone: 'ok', text: '✔ enforced' },
  'not-enforced': { tone: 'bad', text: '✘ not enforced' },
  inconclusive: { tone: 'unknown', text: '? inconclusive' },
};

export function renderListenHtml(report: ListenReport): string {
  const lead =
    `A receiver with posture <strong>${escapeHtml(report.posture)}</strong> (${escapeHtml(POSTURE_TEXT[report.posture])}): ` +
    `${plural(report.sessions.length, 'session')} from ${plural(report.clients.length, 'client')}; stopped by ${escapeHtml(STOP_TEXT[report.stoppedBy])}.`;
  const sections = [
    { id: 'clients', title: 'Per sending client', html: clientsSection(report) },
    { id: 'sessions', title: 'Every session', html: sessionsSection(report.sessions) },
  ];
  return htmlPage({ title: `tlscheck listen: ${escapeHtml(report.posture)}`, heading: 'tlscheck listen', lead, sections, data: {} });
}

function clientsSection(report: ListenReport): string {
  const rows = report.clients.map((client) => {
    const cell = VERDICT_CELL[client.verdict];
    return (
      `<tr><th scope="row">${code(client.address)}</th><td class="${cell.tone}">${cell.text}</td>` +
      `<td class="num">${client.sessions}</td><td>${untrusted(client.explanation, 2000)}</td></tr>`
    );
  });
  const body = rows.length
    ? `<table><thead><tr><th scope="col">client</th><th scope="col">verdict</th><th scope="col" class="num">sessions</th><th scope="col">why</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    : '<p class="unknown">? No client connected: nothing decisive.</p>';
  return `<section id="clients" aria-labelledby="clients-title">\n<h2 id="clients-title">Per sending client</h2>\n${body}\n</section>`;
}

function sessionsSection(sessions: readonly ListenSession[]): string {
  const rows = sessions.map((session) => {
    const tls = session.tls
      ? `${untrusted(session.tls.protocol)} ${untrusted(session.tls.cipher)}${session.tls.sni ? `, SNI ${code(session.tls.sni)}` : ', no SNI'}`
      : session.tlsError
        ? `<span class="bad">✘ ${untrusted(session.tlsError)}</span>`
        : session.starttlsAttempted
          ? 'STARTTLS sent, no TLS'
          : 'no STARTTLS';
    const mail = session.mailFrom
      ? `${session.plaintextMailFrom ? '<span class="bad">✘ in plaintext</span>' : '<span class="ok">✔ over TLS</span>'} ${code(session.mailFrom.address)}`
      : 'none';
    return (
      `<tr><td>${untrusted(session.startedAt)}</td><td>${code(`${session.client.address}:${session.client.port}`)}</td>` +
      `<td>${session.client.ehlo === null ? 'none' : code(session.client.ehlo)}</td><td>${session.starttlsOffered ? 'yes' : 'no'}</td>` +
      `<td>${tls}</td><td>${mail}</td><td>${escapeHtml(session.end)}</td></tr>`
    );
  });
  const head =
    '<thead><tr><th scope="col">started</th><th scope="col">client</th><th scope="col">EHLO</th><th scope="col">STARTTLS offered</th>' +
    '<th scope="col">TLS</th><th scope="col">MAIL FROM</th><th scope="col">ended</th></tr></thead>';
  const body = rows.length ? `<table>${head}<tbody>${rows.join('')}</tbody></table>` : '<p class="muted">No session.</p>';
  return `<section id="sessions" aria-labelledby="sessions-title">\n<h2 id="sessions-title">Every session</h2>\n${body}\n</section>`;
}
