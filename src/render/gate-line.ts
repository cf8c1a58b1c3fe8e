/**
 * The one line a gated run ends with, whatever the format: the decision and its reason, e.g.
 * "gate required: FAIL, mail stops for 3 of 27 domains (acme.com, beta.org, gamma.net)".
 * Printed on stderr by the CLI and stated in the table and Markdown. Decides nothing: it says
 * what `exitCodeFor` decided, from the same evaluation.
 */
import { EXIT, type ExitCode } from '../model/exit-codes.js';
import { isRelayResult, type RelayResult } from '../model/relay.js';
import type { SettingName } from '../model/settings.js';
import { reasonsText } from './reason-text.js';
import type { Report } from '../model/report.js';
import { sanitize } from '../text/sanitize.js';
import { plural } from '../text/words.js';
import { summarizeChanges } from '../verdict/changes.js';
import { evaluateGate, exitCodeFor, type ExitPolicy } from '../verdict/gate.js';
import type { NamedDomains } from '../verdict/named-domains.js';
import type { RunTally } from '../verdict/run-tally.js';

/** `tally`: the run's tally, for a streamed run whose report keeps no results. */
export function gateLine(report: Report, policy: ExitPolicy, tally?: RunTally): string | null {
  const code = exitCodeFor(report, policy, tally?.gate());
  if (!report.gate) {
    if (!policy.failOnRegression || !report.baseline) return null;
    const regressions = summarizeChanges(report.baseline).regressions;
    return code === EXIT.gateFailed
      ? `baseline: FAIL, ${plural(regressions, 'regression')} since ${sanitize(report.baseline.file)}`
      : `baseline: ${code === EXIT.interrupted ? 'INTERRUPTED' : 'PASS'}, no regression since ${sanitize(report.baseline.file)}`;
  }
  const name = `gate ${report.gate.setting}`;
  const total = tally?.checked ?? report.results.length;
  if (code === EXIT.interrupted) return `${name}: INTERRUPTED, ${report.interrupted?.notChecked ?? 0} not checked; no decision`;
  const relay = report.results.length === 1 && isRelayResult(report.results[0]!) ? report.results[0] : null;
  if (relay) return relayGateLine(name, relay, report.gate.setting, code);
  const gate = tally?.gate() ?? evaluateGate(report.results, report.gate);
  const noMail =
    gate.noMail.count > 0 && !report.gate.failOnNoMail ? `; ${counted(gate.noMail)} get no mail under any setting (not counted)` : '';
  if (gate.failing > 0) {
    const parts = [];
    if (gate.stopped.count > 0) parts.push(`mail stops for ${gate.stopped.count} of ${plural(total, 'domain')} (${named(gate.stopped)})`);
    // With --fail-on-no-mail, the domains that get no mail fail too.
    if (gate.stopped.count < gate.failing)
      parts.push(`${gate.noMail.count} of ${plural(total, 'domain')} get no mail at all (${named(gate.noMail)})`);
    return `${name}: FAIL, ${parts.join('; ')}`;
  }
  if (code === EXIT.gateUndetermined) return `${name}: UNDETERMINED (${counted(gate.undetermined)}: ${named(gate.undetermined)})${noMail}`;
  if (code === EXIT.gateFailed) {
    const regressions = report.baseline ? summarizeChanges(report.baseline).regressions : 0;
    return `${name}: FAIL, ${plural(regressions, 'regression')} since ${sanitize(report.baseline?.file ?? 'the baseline')}`;
  }
  const allowed = gate.undetermined.count > 0 ? `; ${counted(gate.undetermined)} undetermined, allowed` : '';
  return `${name}: PASS, ${gate.passed} of ${plural(total, 'domain')} delivered${allowed}${noMail}`;
}

function counted(domains: NamedDomains): string {
  return plural(domains.count, 'domain');
}

function named(domains: NamedDomains): string {
  const shown = domains.first.map((domain) => sanitize(domain, 80));
  return domains.count > shown.length ? `${shown.join(', ')}, … ${domains.count - shown.length} more` : shown.join(', ');
}

/** `tlscheck relay`: one relay, so the line names it and says why rather than counting domains. */
function relayGateLine(name: string, relay: RelayResult, setting: SettingName, code: ExitCode): string {
  const verdict = relay.settings[setting];
  const who = `the relay ${sanitize(relay.domain ?? relay.input, 80)}:${relay.port}`;
  if (code === EXIT.ok)
    return `${name}: PASS, ${who} takes mail under ${setting}${verdict.deliverable === null ? ' (undetermined, allowed)' : ''}`;
  const why = reasonsText(verdict.reasons) || 'no reason recorded';
  if (code === EXIT.gateUndetermined) return `${name}: UNDETERMINED, ${who}: ${why}`;
  return `${name}: FAIL, ${who} would not take mail under ${setting}: ${why}`;
}
