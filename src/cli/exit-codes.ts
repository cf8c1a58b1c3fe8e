/**
 * Exit codes, a pure function of the results and the gate.
 *   0  ran; the gate (if any) holds
 *   1  --require: some domain would not be delivered under the setting
 *   2  usage or input error
 *   3  --require: no domain fails, but some could not be judged (timeouts, 421, SERVFAIL);
 *      --allow-undetermined turns this into 0
 *  70  internal error (a bug in tlscheck)
 */
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { evaluateGate } from '../verdict/gate.js';

export const EXIT = { ok: 0, gateFailed: 1, usage: 2, gateUndetermined: 3, internal: 70 } as const;

export function exitCodeFor(results: DomainResult[], require: SettingName | null, allowUndetermined: boolean): number {
  if (!require) return EXIT.ok;
  const gate = evaluateGate(results, require);
  if (gate.failing.length > 0) return EXIT.gateFailed;
  if (gate.undetermined.length > 0 && !allowUndetermined) return EXIT.gateUndetermined;
  return EXIT.ok;
}
