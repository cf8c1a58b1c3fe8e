/**
 * The probe as a batch uses it: each (address, MX host, port) probed once per run and shared,
 * at most N connections per address at a time, and a 421 or refused connection retried later
 * with exponential back-off before the address is called undetermined.
 */
import type { Politeness } from '../model/limits.js';
import type { ProbeObservation } from '../model/observation.js';
import type { Reason } from '../model/vocabulary.js';
import type { Probe, ProbeTarget } from './run-context.js';
import { KeyedLimiter } from './limiter.js';
import { sharedProbe } from './probe-cache.js';

/** Only these are worth another try: the server said "later", or nothing listened (yet). */
const RETRYABLE: ReadonlySet<Reason> = new Set<Reason>(['throttled', 'connection-refused']);

export function politeProbe(probe: Probe, politeness: Politeness, signal?: AbortSignal, random: () => number = Math.random): Probe {
  const limiter = new KeyedLimiter(politeness.perAddressConnections);
  const attempt = (target: ProbeTarget) => limiter.run(target.address, () => probe(target));
  return sharedProbe(async (target) => {
    let observation = await attempt(target);
    for (let retry = 1; retry <= politeness.retries && shouldRetry(observation) && !signal?.aborted; retry++) {
      const delay = politeness.retryDelayMs * 2 ** (retry - 1) * (0.5 + random());
      if (!(await sleep(delay, signal))) break;
      observation = await attempt(target);
    }
    return observation;
  });
}

function shouldRetry(observation: ProbeObservation): boolean {
  return observation.failure !== null && RETRYABLE.has(observation.failure.reason);
}

/** Resolves true after `ms`, or false as soon as the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
