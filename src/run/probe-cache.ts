/**
 * Each (address, MX host name, port) is probed once per run; every domain that uses it shares
 * the observation. Probing the same server twice is how checkers get throttled into wrong
 * answers (docs/domain.md, "What goes wrong in other checkers").
 */
import type { ProbeObservation } from '../model/observation.js';
import type { Probe, ProbeTarget } from './run-context.js';

export function sharedProbe(probe: Probe): Probe {
  const inFlight = new Map<string, Promise<ProbeObservation>>();
  return (target: ProbeTarget) => {
    const key = `${target.address}|${target.port}|${target.host}`;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = probe(target);
      inFlight.set(key, pending);
    }
    return pending;
  };
}
