/**
 * Each (address, MX host name, port) is probed once while the run needs it; every domain that uses
 * it shares the observation. Probing the same server twice is how checkers get throttled into
 * wrong answers (docs/domain.md, "What goes wrong in other checkers"). A probe in flight is always
 * shared; of the finished ones the most recently used LIMITS.probeCachedObservations are kept (a
 * provider's host, met again and again, stays), so memory does not grow with the number of domains.
 */
import { PromiseCache } from '../dns/promise-cache.js';
import { LIMITS } from '../model/limits.js';
import type { ProbeObservation } from '../model/observation.js';
import type { Probe, ProbeTarget } from './run-context.js';

export function sharedProbe(probe: Probe, remembered: number = LIMITS.probeCachedObservations): Probe {
  const cache = new PromiseCache<ProbeObservation>(remembered);
  return (target: ProbeTarget) => cache.get(`${target.address}|${target.port}|${target.host}`, () => probe(target));
}
