/**
 * The recorded set of sessions behind the listen goldens: a live `untrusted` listener on loopback,
 * the clock fixed (every session of a step starts and ends at the step's minute, so durations are
 * 0), visited in turn by
 *   1. a Required Verify sender: refuses the self-signed certificate;
 *   2. a sender that fails verification and comes back in plaintext a minute later (falls back);
 *   3. a Preferred sender: sends MAIL FROM over the unverified TLS;
 *   4. a hostile client: escape sequences and a bidi override in its EHLO name, then QUIT.
 * Every sender comes from 127.0.0.1 and a random port; the normalisation gives each step its
 * own documentation address (RFC 5737, RFC 3849) and each session a fixed port, and nothing else.
 */
import { connect } from 'node:net';
import { once } from 'node:events';
import { join } from 'node:path';
import type { ListenSession } from '../../src/model/listen.js';
import { fixturesDir } from '../../src/world/scenario.js';
import { send, startTestListener } from './helpers.js';

export const LISTEN_GOLDEN_DIR = join(fixturesDir(), 'listen');
export const SESSIONS_FILE = join(LISTEN_GOLDEN_DIR, 'sessions.json');
export const LISTEN_UPDATE_COMMAND = 'UPDATE_GOLDEN=1 node --test dist/test/listen/golden.test.js';

const FIXED_START = Date.parse('2026-01-02T03:04:05.000Z');
const MINUTE = 60_000;
/** Per step: its documentation address and the minute (after FIXED_START) of each of its sessions. */
const STEPS = [
  { address: '192.0.2.10', minutes: [0] },
  { address: '2001:db8::25', minutes: [2, 3] },
  { address: '198.51.100.7', minutes: [5] },
  { address: '203.0.113.66', minutes: [7] },
] as const;
export const HOSTILE_EHLO = 'evil\x1b[2J\u202e.test\x07';

export async function recordGoldenSessions(): Promise<ListenSession[]> {
  let clock = FIXED_START;
  const world = await startTestListener('untrusted', { now: () => clock });
  const at = (step: number, attempt: number) => (clock = FIXED_START + STEPS[step]!.minutes[attempt]! * MINUTE);
  try {
    const { listener } = world;
    at(0, 0);
    await send(listener, 'require-verify', { ehlo: 'mta1.sender.example' });
    await world.sessionsRecorded(1);
    at(1, 0);
    await send(listener, 'require-verify', { ehlo: 'mta2.sender.example' });
    await world.sessionsRecorded(2);
    at(1, 1);
    await send(listener, 'plaintext', { ehlo: 'mta2.sender.example' });
    await world.sessionsRecorded(3);
    at(2, 0);
    await send(listener, 'opportunistic-no-verify', { ehlo: 'mta3.sender.example' });
    await world.sessionsRecorded(4);
    at(3, 0);
    const socket = connect(listener.port, listener.address);
    socket.on('error', () => undefined);
    await once(socket, 'data');
    socket.write(`EHLO ${HOSTILE_EHLO}\r\n`);
    await once(socket, 'data');
    socket.end('QUIT\r\n');
    const sessions = await world.sessionsRecorded(5);
    return normalizeSessions(sessions);
  } finally {
    await world.listener.close();
  }
}

/** Gives each session its step's address and a fixed port (40000 + its place); nothing else changes. */
export function normalizeSessions(sessions: readonly ListenSession[]): ListenSession[] {
  const addresses = STEPS.flatMap((step) => step.minutes.map(() => step.address));
  if (sessions.length !== addresses.length) throw new Error(`expected ${addresses.length} sessions, recorded ${sessions.length}`);
  return sessions.map((session, index) => ({ ...session, client: { ...session.client, address: addresses[index]!, port: 40000 + index } }));
}
