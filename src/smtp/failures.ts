/**
 * Pure mapping of everything that can go wrong in an SMTP session to a Failure from the closed
 * vocabulary. Kept apart from the sockets so every mapping is testable without a server.
 */
import type { SmtpReply } from '../model/observation.js';
import type { Failure, Phase, Reason } from '../model/vocabulary.js';

export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: Failure };

export function failed<T>(failure: Failure): Attempt<T> {
  return { ok: false, failure };
}

/** Socket error codes (libuv / OS) -> reason. Anything unknown is a reset: the peer went away. */
const SOCKET_ERRORS: Record<string, Reason> = {
  ECONNREFUSED: 'connection-refused',
  ENETUNREACH: 'network-unreachable',
  EHOSTUNREACH: 'network-unreachable',
  EADDRNOTAVAIL: 'network-unreachable',
  EHOSTDOWN: 'network-unreachable',
  EAFNOSUPPORT: 'network-unreachable',
  ECONNRESET: 'connection-reset',
  EPIPE: 'connection-reset',
  ECONNABORTED: 'connection-reset',
  ETIMEDOUT: 'timeout',
};

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

export function socketErrorFailure(phase: Phase, error: unknown): Failure {
  const code = errorCode(error);
  const reason = SOCKET_ERRORS[code] ?? 'connection-reset';
  return { phase, reason, message: `${phase}: ${detail(code, error)}` };
}

export function closedFailure(phase: Phase, partial: boolean): Failure {
  const what = partial ? 'in the middle of a reply' : 'before a reply arrived';
  return { phase, reason: 'connection-closed', message: `${phase}: the server closed the connection ${what}` };
}

/** A framing error from the reply reader. RFC 3207: after STARTTLS was sent it is a STARTTLS problem. */
export function syntaxFailure(phase: Phase, error: string): Failure {
  const reason: Reason = isTlsPhase(phase) ? 'starttls-protocol-error' : 'protocol-error';
  return { phase, reason, message: `${phase}: malformed reply: ${error}` };
}

/**
 * The server sent something before we sent the command of `phase`. Before TLS that is broken SMTP
 * (protocol-error); after the handshake it is broken like any other post-STARTTLS garbage.
 */
export function unsolicitedFailure(phase: Phase, held: { bytes: number; lines: number }): Failure {
  const reason: Reason = phase === 'ehlo-tls' ? 'starttls-protocol-error' : 'protocol-error';
  const what = held.lines > 0 ? `${held.lines} reply line(s)` : `${held.bytes} byte(s)`;
  return { phase, reason, message: `${phase}: the server sent ${what} before the command (an unsolicited reply); command not sent` };
}

export function handshakeFailure(error: unknown): Failure {
  const code = errorCode(error);
  return { phase: 'tls', reason: 'tls-handshake-failed', message: `tls: handshake failed: ${detail(code, error)}` };
}

/**
 * Judge a reply against the code the phase expects (220 for the banner and STARTTLS, 250 for
 * EHLO/HELO). Returns null when it is the expected one. 421 means "service not available,
 * closing" at any phase (RFC 5321 §3.8): throttling, never a TLS verdict.
 */
export function replyFailure(phase: Phase, reply: SmtpReply, expected: number): Failure | null {
  if (reply.code === expected) return null;
  const message = `${phase}: expected ${expected}, got ${describeReply(reply)}`;
  const fail = (reason: Reason): Failure => ({ phase, reason, message });
  if (reply.code === 421) return fail('throttled');
  const klass = Math.floor(reply.code / 100);
  if (phase === 'starttls') {
    // RFC 3207 §4: 454 (TLS not available) and 501 are the documented refusals.
    return fail(klass === 4 || klass === 5 ? 'starttls-rejected' : 'starttls-protocol-error');
  }
  if (klass === 4) return fail('smtp-temporary-failure');
  if (klass === 5) return fail('smtp-rejected');
  return fail(isTlsPhase(phase) ? 'starttls-protocol-error' : 'protocol-error');
}

/** `554 5.7.1 go away` (first line only; the text is untrusted and sanitised at render time). */
export function describeReply(reply: SmtpReply): string {
  const first = reply.lines[0] ?? '';
  const text = first.length > 200 ? `${first.slice(0, 200)}...` : first;
  return text === '' ? String(reply.code) : `${reply.code} ${text}`;
}

function isTlsPhase(phase: Phase): boolean {
  return phase === 'starttls' || phase === 'tls' || phase === 'ehlo-tls';
}

/**
 * `CODE: text`, without repeating the code. OpenSSL errors carry a short `reason` ('tlsv1 alert
 * protocol version') next to a message full of source paths: prefer the reason.
 */
function detail(code: string, error: unknown): string {
  const reason = (error as { reason?: unknown } | null)?.reason;
  const text = typeof reason === 'string' ? reason : error instanceof Error ? error.message : String(error);
  const line = text.split('\n')[0] ?? '';
  return line.includes(code) ? line : `${code}: ${line}`;
}
