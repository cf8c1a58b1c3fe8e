/**
 * Exit codes, a pure function of the results and the gate.
 *   0  ran; the gate (if any) holds
 *   1  --require: some domain would not be delivered under the setting
 *   2  usage or input error
 *   3  --require: no domain fails, but some could not be judged (timeouts, 421, SERVFAIL);
 *      --allow-undetermined turns this into 0
 *  70  internal error (a bug in tlscheck)
 * 130  interrupted (Ctrl-C): the report covers only what was checked
 */
import type { Report } from '../model/report.js';
import { evaluateGate } from '../verdict/gate.js';

export const EXIT = { ok: 0, gateFailed: 1, usage: 2, gateUndetermined: 3, internal: 70, interrupted: 130 } as const;

export function exitCodeFor(report: Pick<Report, 'results' | 'gate' | 'interrupted'>): number {
  // An interrupted run has not checked everything: it cannot pass a gate, nor look like success.
  if (report.interrupted) return EXIT.interrupted;
  if (!report.gate) return EXIT.ok;
  const gate = evaluateGate(report.results, report.gate.setting);
  if (gate.failing.length > 0) return EXIT.gateFailed;
  if (gate.undetermined.length > 0 && !report.gate.allowUndetermined) return EXIT.gateUndetermined;
  return EXIT.ok;
}
