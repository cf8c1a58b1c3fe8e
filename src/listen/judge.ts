/**
 * Pure judgement of recorded sessions: group them per client (senders retry, so a failed TLS
 * session and a later plaintext one from the same address belong together), give each client a
 * verdict with the behaviour it rests on, and turn the verdicts into the exit code of
 * `--expect enforced`. No sockets here: tests feed it sessions from test/factories.ts.
 */
import { EXIT, type ExitCode } from '../model/exit-codes.js';
import {
  BEHAVIOUR_TEXT,
  BEHAVIOUR_VERDICT,
  POSTURE_TEXT,
  TLS10_BEHAVIOUR_TEXT,
  type ClientBehaviour,
  type ListenClient,
  type ListenExpectation,
  type ListenSession,
  type Posture,
} from '../model/listen.js';

/** Sessions of one address closer than this to the previous one belong to the same client. */
export const DEFAULT_CLIENT_WINDOW_MS = 30 * 60_000;

/** What one session settled on its own. */
type SessionKind = 'mail-plaintext' | 'mail-over-tls' | 'tls-refused' | 'gave-up' | 'nothing';

export function classifySession(session: ListenSession): SessionKind {
  if (session.mailFrom) return session.plaintextMailFrom ? 'mail-plaintext' : 'mail-over-tls';
  // Started the TLS that was offered and left before MAIL FROM: the handshake failed (alert,
  // closed), or it completed and the client quit after checking the certificate (Postfix does).
  if (session.starttlsOffered && session.starttlsAttempted) return 'tls-refused';
  // Said EHLO, saw no STARTTLS (or had an unadvertised one refused) and left.
  if (!session.starttlsOffered && session.client.ehlo !== null) return 'gave-up';
  return 'nothing';
}

/** Groups sessions by client address; a gap longer than windowMs starts a new client. */
export function groupSessions(sessions: readonly ListenSession[], windowMs = DEFAULT_CLIENT_WINDOW_MS): ListenSession[][] {
  const ordered = [...sessions].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const open = new Map<string, ListenSession[]>();
  const groups: ListenSession[][] = [];
  for (const session of ordered) {
    const group = open.get(session.client.address);
    const last = group?.at(-1);
    if (group && last && Date.parse(session.startedAt) - Date.parse(last.startedAt) <= windowMs) {
      group.push(session);
      continue;
    }
    const fresh = [session];
    open.set(session.client.address, fresh);
    groups.push(fresh);
  }
  return groups;
}

/** The behaviour of one client's sessions (in time order) under one posture. */
export function clientBehaviour(sessions: readonly ListenSession[], posture: Posture): ClientBehaviour {
  const kinds = sessions.map(classifySession);
  const firstMail = kinds.findIndex((kind) => kind === 'mail-plaintext' || kind === 'mail-over-tls');
  if (firstMail >= 0) {
    const kind = kinds[firstMail];
    const tlsFailedBefore = kinds.slice(0, firstMail).includes('tls-refused') || sessions[firstMail]!.starttlsAttempted;
    if (kind === 'mail-over-tls') return posture === 'valid' ? 'used-valid-tls' : 'accepted-posture';
    if (posture === 'no-starttls') return 'plaintext-without-starttls';
    return tlsFailedBefore ? 'fell-back' : 'ignored-starttls';
  }
  if (posture !== 'valid' && kinds.includes('tls-refused')) return 'refused-posture';
  if (kinds.includes('gave-up')) return posture === 'no-starttls' ? 'gave-up-without-starttls' : 'nothing-decisive';
  return 'nothing-decisive';
}

export function explain(behaviour: ClientBehaviour, posture: Posture): string {
  const text = (posture === 'tls1.0' ? TLS10_BEHAVIOUR_TEXT[behaviour] : undefined) ?? BEHAVIOUR_TEXT[behaviour];
  return text.replaceAll('{posture}', POSTURE_TEXT[posture]);
}

export function judgeClients(sessions: readonly ListenSession[], posture: Posture, windowMs = DEFAULT_CLIENT_WINDOW_MS): ListenClient[] {
  return groupSessions(sessions, windowMs).map((group) => {
    const behaviour = clientBehaviour(group, posture);
    return {
      type: 'client',
      address: group[0]!.client.address,
      sessions: group.length,
      verdict: BEHAVIOUR_VERDICT[behaviour],
      behaviour,
      explanation: explain(behaviour, posture),
    };
  });
}

/**
 * The exit code of a listen run. Without --expect the run succeeded (0). With --expect enforced:
 * 1 when a client did not enforce, 0 when at least one client enforced and none failed (clients
 * that only connected, such as port scanners on the internet, are inconclusive and do not block),
 * 3 when nothing decisive arrived before the end.
 */
export function listenExitCode(clients: readonly ListenClient[], expect: ListenExpectation | null): ExitCode {
  if (expect === null) return EXIT.ok;
  if (clients.some((client) => client.verdict === 'not-enforced')) return EXIT.gateFailed;
  if (clients.some((client) => client.verdict === 'enforced')) return EXIT.ok;
  return EXIT.gateUndetermined;
}
