/**
 * Absolute deadlines for one probe. Each phase gets `phaseMs` from the moment it starts, capped
 * by what is left of the whole-probe deadline (`hostMs`). Absolute, not idle: a server that drips
 * one byte a second still runs out of time (an idle timeout would be reset by every byte).
 */
import type { Timeouts } from '../model/limits.js';
import type { Failure, Phase } from '../model/vocabulary.js';

export interface PhaseLimit {
  /** Milliseconds left for this phase (<= 0: already over). */
  ms: number;
  /** The failure to report when the time runs out. */
  failure: Failure;
}

export class Budget {
  private readonly deadline: number;

  constructor(
    private readonly timeouts: Timeouts,
    readonly signal: AbortSignal | undefined,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.deadline = this.now() + timeouts.hostMs;
  }

  /** The time a phase starting now may take, and what to say when it is exceeded. */
  limit(phase: Phase): PhaseLimit {
    const { phaseMs, hostMs } = this.timeouts;
    const left = Math.ceil(this.deadline - this.now());
    if (phaseMs <= left) {
      return { ms: phaseMs, failure: { phase, reason: 'timeout', message: `${phase}: no answer within the ${phaseMs} ms phase deadline` } };
    }
    return {
      ms: left,
      failure: { phase, reason: 'timeout', message: `${phase}: the whole-probe deadline of ${hostMs} ms ran out in this phase` },
    };
  }

  /** A failure when the caller aborted the probe, else null. */
  aborted(phase: Phase): Failure | null {
    if (this.signal?.aborted !== true) return null;
    return { phase, reason: 'timeout', message: `${phase}: the probe was aborted (${String(this.signal.reason)})` };
  }
}
