/**
 * Probe one (address, MX host name) pair the way a sending platform would: banner, EHLO (HELO
 * when EHLO is refused), STARTTLS when advertised, a TLS 1.2+ handshake with SNI, EHLO again
 * over TLS, QUIT. Never MAIL FROM. Records what it saw; judging it is the verdict's job.
 *
 * Always resolves: remote misbehaviour becomes `failure`. Only our own bugs and invalid
 * arguments throw.
 */
import type { Timeouts } from '../model/limits.js';
import type { ProbeObservation, SmtpReply, TlsSession } from '../model/observation.js';
import type { Failure, Phase } from '../model/vocabulary.js';
import type { TrustStore } from '../tls/trust-store.js';
import { Budget } from './deadline.js';
import { offersStartTls } from './ehlo.js';
import { failed, replyFailure, type Attempt } from './failures.js';
import { SmtpSession, type Endpoint } from './session.js';

export type ProbeTarget = Endpoint;

export interface ProbeOptions {
  /** The name we announce in EHLO/HELO. */
  helo: string;
  timeouts: Timeouts;
  /** Aborting ends the probe at once with a 'timeout' failure in the current phase. */
  signal?: AbortSignal;
  /** The run's trust store: the handshake then records OpenSSL's verdict on the chain against it. */
  trust?: TrustStore;
}

/** How a conversation ended: the failure (if any), and whether the dialogue is still in step for a QUIT. */
interface Stop {
  failure: Failure | null;
  inSync: boolean;
}

/** RFC 5321 §4.1.1.1: a domain or an address literal; never whitespace or control characters. */
const HELO_NAME = /^[\x21-\x7e]+$/;

export async function probeAddress(target: ProbeTarget, options: ProbeOptions): Promise<ProbeObservation> {
  if (!HELO_NAME.test(options.helo)) throw new TypeError(`invalid EHLO name: ${JSON.stringify(options.helo)}`);
  const started = performance.now();
  const budget = new Budget(options.timeouts, options.signal);
  // Object.assign, not a spread: on Node 20's V8, `{ ...a, newKey }` gives every object its own
  // hidden class (~0.4 kB each, kept as long as the probe cache keeps the observation).
  const observation: ProbeObservation = Object.assign(pick(target), {
    banner: null,
    ehlo: null,
    heloFallback: false,
    starttlsOffered: null,
    starttlsReply: null,
    tls: null,
    legacyProtocols: null,
    legacyTls: null,
    ehloTls: null,
    failure: null,
    durationMs: 0,
  });
  observation.failure = await session(target, budget, (s) => converse(s, options.helo, observation, options.trust));
  if (observation.failure?.reason === 'tls-handshake-failed') {
    await probeLegacy(target, options.helo, budget, observation, observation.failure, options.trust);
  }
  observation.durationMs = Math.round(performance.now() - started);
  return observation;
}

function pick(target: ProbeTarget): Pick<ProbeObservation, 'address' | 'family' | 'host' | 'port'> {
  return { address: target.address, family: target.family, host: target.host, port: target.port };
}

/** Open a session, run a conversation, QUIT when still in step, and always tear down. */
async function session(target: ProbeTarget, budget: Budget, run: (s: SmtpSession) => Promise<Stop>): Promise<Failure | null> {
  const opened = await SmtpSession.open(target, budget);
  if (!opened.ok) return opened.failure;
  const s = opened.value;
  try {
    const stop = await run(s);
    // RFC 5321 §4.1.1.10. Whatever happens to QUIT does not change the observation.
    if (stop.inSync) await s.command('quit', 'QUIT');
    return stop.failure;
  } finally {
    await s.close();
  }
}

/** Send `line` (or only read, for the banner) and judge the reply against `expected`. */
async function exchange(
  s: SmtpSession,
  phase: Phase,
  line: string | null,
  expected: number,
): Promise<{ reply: SmtpReply | null; stop: Stop | null }> {
  const outcome = line === null ? await s.readReply(phase) : await s.command(phase, line);
  if (!outcome.ok) return { reply: null, stop: { failure: outcome.failure, inSync: false } };
  const failure = replyFailure(phase, outcome.value, expected);
  return { reply: outcome.value, stop: failure === null ? null : { failure, inSync: true } };
}

async function converse(s: SmtpSession, helo: string, obs: ProbeObservation, trust?: TrustStore): Promise<Stop> {
  const banner = await exchange(s, 'banner', null, 220);
  obs.banner = banner.reply;
  if (banner.stop !== null) return banner.stop;
  const greeted = await greet(s, helo, obs);
  if (greeted !== null) return greeted;
  if (obs.starttlsOffered !== true) return { failure: null, inSync: true };
  const starttls = await exchange(s, 'starttls', 'STARTTLS', 220);
  obs.starttlsReply = starttls.reply;
  if (starttls.stop !== null) return starttls.stop;
  const tls = await s.upgrade('modern', trust);
  if (!tls.ok) return { failure: tls.failure, inSync: false };
  obs.tls = tls.value;
  // RFC 3207 §4.2: everything learned before the handshake is void; ask again.
  const ehloTls = await exchange(s, 'ehlo-tls', `EHLO ${helo}`, 250);
  obs.ehloTls = ehloTls.reply;
  return ehloTls.stop ?? { failure: null, inSync: true };
}

/** EHLO, or HELO when the server refuses EHLO with a 5xx (RFC 5321 §3.2). Null: carry on. */
async function greet(s: SmtpSession, helo: string, obs: ProbeObservation): Promise<Stop | null> {
  const ehlo = await exchange(s, 'ehlo', `EHLO ${helo}`, 250);
  obs.ehlo = ehlo.reply;
  if (ehlo.reply !== null && ehlo.reply.code >= 500 && ehlo.reply.code <= 599) {
    obs.heloFallback = true;
    obs.starttlsOffered = false;
    const heloReply = await exchange(s, 'ehlo', `HELO ${helo}`, 250);
    obs.ehlo = heloReply.reply;
    return heloReply.stop;
  }
  if (ehlo.stop !== null) return ehlo.stop;
  obs.starttlsOffered = ehlo.reply !== null && offersStartTls(ehlo.reply);
  return null;
}

/**
 * The TLS 1.2+ handshake failed: one more session, handshaking with TLS 1.0/1.1 only, to learn
 * whether the server simply speaks an old version (then the reason is tls-version-unsupported).
 */
async function probeLegacy(
  target: ProbeTarget,
  helo: string,
  budget: Budget,
  obs: ProbeObservation,
  modern: Failure,
  trust: TrustStore | undefined,
): Promise<void> {
  let protocol: Attempt<TlsSession> = failed(modern);
  const failure = await session(target, budget, async (s) => {
    protocol = await legacyHandshake(s, helo, trust);
    return { failure: protocol.ok ? null : protocol.failure, inSync: protocol.ok };
  });
  if (protocol.ok) {
    obs.legacyProtocols = [protocol.value.protocol];
    obs.legacyTls = protocol.value;
    obs.failure = {
      phase: 'tls',
      reason: 'tls-version-unsupported',
      message: `${modern.message}; the server negotiates ${protocol.value.protocol} only`,
    };
  } else {
    obs.legacyProtocols = [];
    const why = failure?.message ?? 'no detail';
    obs.failure = { ...modern, message: `${modern.message}; a TLS 1.0/1.1 handshake failed too (${why})` };
  }
}

async function legacyHandshake(s: SmtpSession, helo: string, trust: TrustStore | undefined): Promise<Attempt<TlsSession>> {
  const banner = await exchange(s, 'banner', null, 220);
  if (banner.stop?.failure) return failed(banner.stop.failure);
  const ehlo = await exchange(s, 'ehlo', `EHLO ${helo}`, 250);
  if (ehlo.stop?.failure) return failed(ehlo.stop.failure);
  if (ehlo.reply === null || !offersStartTls(ehlo.reply)) {
    return failed({ phase: 'ehlo', reason: 'starttls-not-supported', message: 'ehlo: STARTTLS no longer advertised' });
  }
  const starttls = await exchange(s, 'starttls', 'STARTTLS', 220);
  if (starttls.stop?.failure) return failed(starttls.stop.failure);
  return s.upgrade('legacy', trust);
}
