/**
 * The model of `tlscheck listen`: what one incoming session showed (an observation), and the
 * per-client judgement of the sessions. Renderers read these; the listener records them; the
 * verdicts are made in src/listen/judge.ts. Every string that came from a client (EHLO name,
 * MAIL FROM address, SNI) is stored as received, cut to a bounded length, and sanitised only
 * where it meets a terminal.
 */

/** One posture per run: what the receiver does wrong on purpose. */
export const POSTURES = ['no-starttls', 'untrusted', 'wrong-name', 'expired', 'tls1.0', 'valid'] as const;
export type Posture = (typeof POSTURES)[number];

export function isPosture(value: string): value is Posture {
  return (POSTURES as readonly string[]).includes(value);
}

/** What the posture offers, in words ("STARTTLS with a self-signed certificate"). */
export const POSTURE_TEXT: Record<Posture, string> = {
  'no-starttls': 'no STARTTLS',
  untrusted: 'STARTTLS with a self-signed certificate',
  'wrong-name': 'STARTTLS with a certificate for another name',
  expired: 'STARTTLS with an expired certificate',
  'tls1.0': 'STARTTLS with TLS 1.0 only',
  valid: 'STARTTLS with a trusted certificate',
};

/** How a session ended. */
export const SESSION_ENDS = [
  'quit',
  'client-closed',
  'tls-failed',
  'idle-timeout',
  'session-deadline',
  'too-many-commands',
  'line-too-long',
  'server-stopped',
] as const;
export type SessionEnd = (typeof SESSION_ENDS)[number];

export const SESSION_END_TEXT: Record<SessionEnd, string> = {
  quit: 'the client sent QUIT',
  'client-closed': 'the client closed the connection',
  'tls-failed': 'the TLS handshake failed',
  'idle-timeout': 'the client went silent (idle deadline)',
  'session-deadline': 'the session reached its deadline',
  'too-many-commands': 'the client sent too many commands',
  'line-too-long': 'the client sent a line that was too long',
  'server-stopped': 'the listener stopped',
};

export interface ListenTls {
  /** Negotiated protocol as Node names it ("TLSv1.3"). */
  protocol: string;
  /** Negotiated cipher suite (OpenSSL name). */
  cipher: string;
  /** The server name the client sent in SNI; null when it sent none. */
  sni: string | null;
}

/** What one incoming connection showed. */
export interface ListenSession {
  type: 'session';
  client: {
    address: string;
    port: number;
    /** The name of the last HELO/EHLO; null when the client sent none. */
    ehlo: string | null;
  };
  posture: Posture;
  starttlsOffered: boolean;
  /** The client sent STARTTLS (offered or not). */
  starttlsAttempted: boolean;
  /** The TLS handshake after STARTTLS completed. */
  starttlsCompleted: boolean;
  /** The negotiated TLS session; null when there was none. */
  tls: ListenTls | null;
  /** Why the handshake failed (the client's TLS alert or the local TLS error); null when it did not fail. */
  tlsError: string | null;
  /** The first MAIL FROM: the reverse path and ms after connect; null when the client sent none. */
  mailFrom: { address: string; afterMs: number } | null;
  /** The first MAIL FROM was sent before TLS was established. */
  plaintextMailFrom: boolean;
  /** ms after connect of the first RCPT TO; null when the client sent none. */
  rcptToAfterMs: number | null;
  /** Command lines the client sent. */
  commands: number;
  end: SessionEnd;
  /** ISO 8601. */
  startedAt: string;
  durationMs: number;
}

export const CLIENT_VERDICTS = ['enforced', 'not-enforced', 'inconclusive'] as const;
export type ClientVerdict = (typeof CLIENT_VERDICTS)[number];

/** The observed behaviour a verdict rests on; its sentence is in BEHAVIOUR_TEXT. */
export const CLIENT_BEHAVIOURS = [
  'plaintext-without-starttls',
  'ignored-starttls',
  'fell-back',
  'accepted-posture',
  'gave-up-without-starttls',
  'refused-posture',
  'used-valid-tls',
  'nothing-decisive',
] as const;
export type ClientBehaviour = (typeof CLIENT_BEHAVIOURS)[number];

export const BEHAVIOUR_VERDICT: Record<ClientBehaviour, ClientVerdict> = {
  'plaintext-without-starttls': 'not-enforced',
  'ignored-starttls': 'not-enforced',
  'fell-back': 'not-enforced',
  'accepted-posture': 'not-enforced',
  'gave-up-without-starttls': 'enforced',
  'refused-posture': 'enforced',
  'used-valid-tls': 'inconclusive',
  'nothing-decisive': 'inconclusive',
};

/**
 * The sentences of the explanations; `{posture}` is replaced by POSTURE_TEXT. Each names the
 * setting the observed behaviour corresponds to (DOMAIN.md, "The four settings").
 */
export const BEHAVIOUR_TEXT: Record<ClientBehaviour, string> = {
  'plaintext-without-starttls':
    'sent MAIL FROM in plaintext when STARTTLS was missing: behaves like Preferred (or Preferred Verify), not Required',
  'ignored-starttls': 'sent MAIL FROM in plaintext without trying the STARTTLS that was offered: TLS is off for this domain',
  'fell-back':
    'came back in plaintext after TLS failed ({posture}): falls back to plaintext, as Preferred Verify is ' +
    'described in the Help after a failed verification; Required and Required Verify would not',
  'accepted-posture':
    'sent MAIL FROM over TLS despite {posture}: does not verify the certificate (behaves like Preferred or Required, not a Verify setting)',
  'gave-up-without-starttls': 'behaves like Required: gave up when STARTTLS was missing, before MAIL FROM',
  'refused-posture':
    'refused {posture} before MAIL FROM and did not come back in plaintext: behaves like Required Verify ' +
    '(or Preferred Verify as the API reference describes it: a failed verification is not delivered)',
  'used-valid-tls': 'sent over TLS when {posture} was offered; a valid receiver records what is negotiated but cannot show enforcement',
  'nothing-decisive': 'nothing decisive yet: no session got as far as a TLS decision or MAIL FROM',
};

/**
 * Under tls1.0 the failure is "TLS not negotiable", not a certificate: Preferred and Preferred
 * Verify send in plaintext, Required and Required Verify do not deliver (DOMAIN.md).
 */
export const TLS10_BEHAVIOUR_TEXT: Partial<Record<ClientBehaviour, string>> = {
  'fell-back':
    'came back in plaintext after TLS 1.0 could not be negotiated: behaves like Preferred (or Preferred Verify), ' +
    'which send in plaintext when TLS is not negotiable; Required would not',
  'accepted-posture':
    'sent MAIL FROM over TLS 1.0: negotiates a version the platform says it no longer uses (not the platform, or not as documented)',
  'refused-posture':
    'could not negotiate TLS 1.0 and did not come back in plaintext: behaves like Required (or Required Verify): ' +
    'TLS that cannot be negotiated is not replaced by plaintext',
};

/** The judgement of every session of one client address. */
export interface ListenClient {
  type: 'client';
  address: string;
  sessions: number;
  verdict: ClientVerdict;
  behaviour: ClientBehaviour;
  explanation: string;
}

/** Why the listener stopped. */
export const LISTEN_STOPS = ['duration', 'sessions', 'interrupted'] as const;
export type ListenStop = (typeof LISTEN_STOPS)[number];

export const STOP_TEXT: Record<ListenStop, string> = {
  duration: '--duration',
  sessions: '--sessions',
  interrupted: 'an interrupt (Ctrl-C)',
};

export interface ListenReport {
  posture: Posture;
  sessions: ListenSession[];
  clients: ListenClient[];
  stoppedBy: ListenStop;
}

/** `--expect`: the gate of a listen run. */
export const LISTEN_EXPECTATIONS = ['enforced'] as const;
export type ListenExpectation = (typeof LISTEN_EXPECTATIONS)[number];
