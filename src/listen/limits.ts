/** The caps of a listener that faces the internet: every one bounds what a hostile client can hold. */
export interface ListenLimits {
  /** Sessions at the same time; more are refused with 421 by the SMTP library. */
  maxClients: number;
  /** Deadline of one whole session, ms. */
  sessionMs: number;
  /** Longest silence of a client (the TLS handshake included), ms. */
  idleMs: number;
  /** Longest command line, bytes (RFC 5321 §4.5.3.1.4 allows 512; extensions add some). */
  maxLineBytes: number;
  /** Command lines per session: a sender needs about eight. */
  maxCommands: number;
}

export const DEFAULT_LISTEN_LIMITS: ListenLimits = {
  maxClients: 20,
  // RFC 5321 §4.5.3.2 gives a sender 5 minutes for the MAIL reply; a session needs far less here.
  sessionMs: 5 * 60_000,
  idleMs: 60_000,
  maxLineBytes: 4096,
  maxCommands: 50,
};
