/**
 * The probe as a batch uses it: each (address, MX host, port) probed once per run and shared,
 * at most N connections per address at a time, and a 421 or refused connection retried later
 * with exponential back-off before the address is called undetermined.
 *
 * A refused connection is not retried once another address of the same MX host has answered
 * SMTP (a sender simply uses that address: RFC 5321 §5.1 has it try the host's addresses in
 * turn), and a back-off already running ends when that answer comes. A 421 is always retried:
 * the server is there and only said "later".
 */
import { LIMITS, type Politeness } from '../model/limits.js';
import type { ProbeObservation } from '../model/observation.js';
import type { Reason } from '../model/vocabulary.js';
import type { Probe, ProbeTarget } from './run-context.js';
import { AnsweredHosts } from './answered-hosts.js';
import { KeyedLimiter } from './limiter.js';
import { sharedProbe } from './probe-cache.js';

/** Only these are worth another try: the server said "later", or nothing listened (yet). */
const RETRYABLE: ReadonlySet<Reason> = new Set<Reason>(['throttled', 'connection-refused']);

export function politeProbe(probe: Probe, politeness: Politeness, signal?: AbortSignal, random: () => number = Math.random): Probe {
  const limiter = new KeyedLimiter(politeness.perAddressConnections);
  const answered = new AnsweredHosts(LIMITS.answeredHostsRemembered);
  const attempt = async (target: ProbeTarget) => {
    const observation = await limiter.run(target.address, () => probe(target));
    if (answeredSmtp(observation)) answered.add(hostKey(target));
    return observation;
  };
  return sharedProbe(async (target) => {
    const host = hostKey(target);
    let observation = await attempt(target);
    for (let retry = 1; retry <= politeness.retries && shouldRetry(observation, answered.has(host)) && !signal?.aborted; retry++) {
      const delay = politeness.retryDelayMs * 2 ** (retry - 1) * (0.5 + random());
      // A refused address waits only until another address of its host answers.
      const refused = observation.failure?.reason === 'connection-refused';
      const wakeEarly = refused ? (wake: () => void) => answered.onAnswer(host, wake) : undefined;
      if (!(await sleep(delay, signal, wakeEarly))) break;
      observation = await attempt(target);
    }
    return observation;
  });
}

function shouldRetry(observation: ProbeObservation, hostAnswered: boolean): boolean {
  const reason = observation.failure?.reason;
  if (reason === undefined || !RETRYABLE.has(reason)) return false;
  return !(reason === 'connection-refused' && hostAnswered);
}

/** The server greeted with 2xx and did not say 421 later on: a sender's mail could go there. */
function answeredSmtp(observation: ProbeObservation): boolean {
  const code = observation.banner?.code;
  return code !== undefined && code >= 200 && code < 300 && observation.failure?.reason !== 'throttled';
}

function hostKey(target: ProbeTarget): string {
  return `${target.host}|${target.port}`;
}

/** Registers a wake-up call, returns its unregistration. */
type WakeEarly = (wake: () => void) => () => void;

/**
 * Resolves true after `ms`; false as soon as the signal aborts or `wakeEarly` calls (there is
 * nothing left to wait for).
 */
function sleep(ms: number, signal?: AbortSignal, wakeEarly?: WakeEarly): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    let done = false;
    let unregister = (): void => {};
    const finish = (slept: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      unregister();
      resolve(slept);
    };
    const onAbort = () => finish(false);
    const timer = setTimeout(() => finish(true), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (wakeEarly) {
      unregister = wakeEarly(() => finish(false));
      if (done) unregister(); // woken during the registration itself
    }
  });
}
