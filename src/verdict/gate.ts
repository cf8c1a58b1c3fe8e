/**
 * The CI gate: a pure function of the results and the required setting. Which domains hold the
 * gate, which break it, which could not be judged.
 */
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';

export interface GateResult {
  setting: SettingName;
  /** Domains (inputs) that would not be delivered under the setting. */
  failing: string[];
  /** Domains whose delivery could not be determined (timeouts, 421, SERVFAIL). */
  undetermined: string[];
  passed: number;
}

/** Each domain is judged under its own gateSetting (with --restrict, unlisted domains get preferred). */
export function evaluateGate(results: DomainResult[], setting: SettingName): GateResult {
  const gate: GateResult = { setting, failing: [], undetermined: [], passed: 0 };
  for (const result of results) {
    const deliverable = result.settings[result.gateSetting ?? setting].deliverable;
    if (deliverable === true) gate.passed += 1;
    else if (deliverable === false) gate.failing.push(result.domain ?? result.input);
    else gate.undetermined.push(result.domain ?? result.input);
  }
  return gate;
}
