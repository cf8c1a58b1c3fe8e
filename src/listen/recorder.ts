/**
 * The record of one incoming session, built from what the client sent (its command lines, in
 * plaintext or inside TLS) and what the TLS layer reported. Pure: the listener feeds it bytes and
 * events; tests can feed it directly. It decides nothing about the client; it only notes.
 *
 * The client's bytes are framed here, not taken from the SMTP library's parsed state, because the
 * observation must include commands the library refuses (an unadvertised STARTTLS, MAIL FROM
 * before EHLO): what matters is what the sender tried, in plaintext or not.
 */
import type { ListenSession, ListenTls, Posture, SessionEnd } from '../model/listen.js';

export interface RecorderLimits {
  /** Longest command line kept, bytes; a longer one ends the session (line-too-long). */
  maxLineBytes: number;
  /** Most command lines in one session; one more ends it (too-many-commands). */
  maxCommands: number;
}

/** Lengths kept of client strings (RFC 5321 §4.5.3.1: 255-octet domains, 256-octet paths). */
const MAX_NAME = 255;
const MAX_PATH = 320;

/** A client that rejects the certificate after checking it may close without an alert. */
export const CLOSED_IN_HANDSHAKE = 'the client closed the connection during the TLS handshake (no alert)';
/** The listener ended the session (a deadline, a cap, the run's end) while the handshake was under way. */
export const CUT_IN_HANDSHAKE = 'the TLS handshake had not finished when the session was ended';

export class SessionRecorder {
  private pending = '';
  private ehlo: string | null = null;
  private starttlsAttempted = false;
  private tls: ListenTls | null = null;
  private tlsError: string | null = null;
  private mailFrom: ListenSession['mailFrom'] = null;
  private plaintextMailFrom = false;
  private rcptToAfterMs: number | null = null;
  private commands = 0;
  private quit = false;
  private finished: ListenSession | null = null;

  constructor(
    readonly client: { address: string; port: number },
    private readonly posture: Posture,
    private readonly starttlsOffered: boolean,
    private readonly startedAtMs: number,
    private readonly limits: RecorderLimits,
  ) {}

  /** Bytes from the client; returns the limit they broke, if any (the caller ends the session). */
  data(chunk: Buffer, secure: boolean, nowMs: number): SessionEnd | null {
    this.pending += chunk.toString('latin1');
    for (;;) {
      const newline = this.pending.indexOf('\n');
      if (newline < 0) break;
      const line = this.pending.slice(0, newline).replace(/\r$/, '');
      this.pending = this.pending.slice(newline + 1);
      if (line.length > this.limits.maxLineBytes) return 'line-too-long';
      const breach = this.command(line, secure, nowMs);
      if (breach) return breach;
    }
    return this.pending.length > this.limits.maxLineBytes ? 'line-too-long' : null;
  }

  /** The TLS handshake completed. Plaintext buffered after STARTTLS is dropped (RFC 3207 §6). */
  tlsEstablished(tls: ListenTls): void {
    this.pending = '';
    this.tls = tls;
  }

  /** STARTTLS was sent and TLS is not up yet: an error now is the handshake's. */
  awaitingTls(): boolean {
    return this.starttlsOffered && this.starttlsAttempted && this.tls === null;
  }

  tlsFailed(message: string): void {
    this.pending = '';
    this.tlsError ??= message.slice(0, MAX_PATH);
  }

  /** The session's record; the first call fixes it. end null: the client's own ending. */
  finish(end: SessionEnd | null, nowMs: number): ListenSession {
    this.finished ??= {
      type: 'session',
      client: { ...this.client, ehlo: this.ehlo },
      posture: this.posture,
      starttlsOffered: this.starttlsOffered,
      starttlsAttempted: this.starttlsAttempted,
      starttlsCompleted: this.tls !== null,
      tls: this.tls,
      tlsError: this.tlsError ?? (this.awaitingTls() ? (end === null ? CLOSED_IN_HANDSHAKE : CUT_IN_HANDSHAKE) : null),
      mailFrom: this.mailFrom,
      plaintextMailFrom: this.plaintextMailFrom,
      rcptToAfterMs: this.rcptToAfterMs,
      commands: this.commands,
      end: end ?? this.ownEnd(),
      startedAt: new Date(this.startedAtMs).toISOString(),
      durationMs: Math.max(0, nowMs - this.startedAtMs),
    };
    return this.finished;
  }

  private ownEnd(): SessionEnd {
    if (this.quit) return 'quit';
    if (this.starttlsOffered && this.starttlsAttempted && this.tls === null) return 'tls-failed';
    return 'client-closed';
  }

  private command(line: string, secure: boolean, nowMs: number): SessionEnd | null {
    this.commands += 1;
    if (this.commands > this.limits.maxCommands) return 'too-many-commands';
    const text = Buffer.from(line, 'latin1').toString('utf8');
    const verb = /^\s*(\S*)/.exec(text)?.[1]?.toUpperCase() ?? '';
    const afterMs = Math.max(0, nowMs - this.startedAtMs);
    if (verb === 'EHLO' || verb === 'HELO') {
      this.ehlo ??= (/^\s*\S+\s+(\S+)/.exec(text)?.[1] ?? '').slice(0, MAX_NAME);
    } else if (verb === 'STARTTLS' && !secure) {
      this.starttlsAttempted = true;
    } else if (verb === 'MAIL' && this.mailFrom === null) {
      this.mailFrom = { address: reversePath(text).slice(0, MAX_PATH), afterMs };
      this.plaintextMailFrom = !secure;
    } else if (verb === 'RCPT') {
      this.rcptToAfterMs ??= afterMs;
    } else if (verb === 'QUIT') {
      this.quit = true;
    }
    return null;
  }
}

/** `MAIL FROM:<a@b> SIZE=1` → `a@b`; anything malformed is kept as sent after the verb. */
function reversePath(line: string): string {
  const bracketed = /^\s*MAIL\s+FROM\s*:\s*<([^>]*)>/i.exec(line);
  if (bracketed) return bracketed[1]!;
  return line.replace(/^\s*MAIL\s+(FROM\s*:)?\s*/i, '').trim();
}
