/**
 * The CI gate, in one place: the "Restrict TLS to these domains" list, the setting each domain is
 * judged under, which domains hold or break the gate, and the exit code. Pure.
 *
 * Salesforce's restrict list: listed recipient domains get the chosen setting, all others
 * Preferred; an empty list applies the setting to all mail. `*.subdomains.com` matches
 * `aco.subdomains.com` but not `subdomains.com`. Deeper names (`a.b.subdomains.com`) are not
 * documented: we treat them as matching, the stricter, fail-safe reading, since it puts more
 * domains under the stricter setting. A bare `*` matches every domain. The list matches the
 * recipient's domain, never the MX host.
 */
import { domainToASCII } from 'node:url';
import { EXIT, type ExitCode } from '../model/exit-codes.js';
import type { DomainResult, GateConfig, Report } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { canonicalDomain } from '../text/names.js';
import { hasRegression } from './changes.js';
import { deliveryOf } from './delivery.js';

export interface GateRequest {
  /** --require, or null for no gate. */
  setting: SettingName | null;
  /** --restrict as typed, or null. */
  restrict: string | null;
  allowUndetermined: boolean;
}

/** The gate of a run from what the user asked for; a message when the request makes no sense. */
export function gateConfigFor(request: GateRequest): { ok: true; gate: GateConfig | null } | { ok: false; message: string } {
  if (request.setting === null) {
    return request.restrict === null ? { ok: true, gate: null } : { ok: false, message: '--restrict goes with --require <setting>' };
  }
  let restrict: string[] | null = null;
  if (request.restrict !== null) {
    const parsed = parseRestrictList(request.restrict);
    if (!parsed.ok) return parsed;
    restrict = parsed.patterns;
  }
  return { ok: true, gate: { setting: request.setting, restrict, allowUndetermined: request.allowUndetermined } };
}

export type RestrictParse = { ok: true; patterns: string[] } | { ok: false; message: string };

export function parseRestrictList(text: string): RestrictParse {
  const patterns: string[] = [];
  for (const raw of text.split(',')) {
    const entry = canonicalDomain(raw.trim());
    if (entry === '') continue;
    if (entry === '*') {
      patterns.push('*');
      continue;
    }
    const wildcard = entry.startsWith('*.');
    const base = wildcard ? entry.slice(2) : entry;
    const ascii = domainToASCII(base);
    if (!ascii || base.includes('*') || (!ascii.includes('.') && !wildcard)) {
      return { ok: false, message: `--restrict: "${raw.trim()}" is not a domain or *.domain pattern` };
    }
    patterns.push(wildcard ? `*.${ascii}` : ascii);
  }
  if (patterns.length === 0)
    return { ok: false, message: '--restrict: the list is empty (omit --restrict to apply the setting to all domains)' };
  return { ok: true, patterns };
}

export function matchesRestrict(domain: string, patterns: readonly string[]): boolean {
  const name = canonicalDomain(domain);
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/** The setting a domain is judged under: the gate's for listed domains, preferred for the rest. */
export function gateSettingFor(domain: string | null, gate: GateConfig | null): SettingName | null {
  if (!gate) return null;
  if (!gate.restrict || domain === null) return gate.setting;
  return matchesRestrict(domain, gate.restrict) ? gate.setting : 'preferred';
}

export interface GateResult {
  setting: SettingName;
  /** Domains (inputs) that would not be delivered under the setting. */
  failing: string[];
  /** Domains whose delivery could not be determined (timeouts, 421, SERVFAIL). */
  undetermined: string[];
  passed: number;
}

/** Each domain is judged under its own gateSetting (with --restrict, unlisted domains get preferred). */
export function evaluateGate(results: readonly DomainResult[], setting: SettingName): GateResult {
  const gate: GateResult = { setting, failing: [], undetermined: [], passed: 0 };
  for (const result of results) {
    const delivery = deliveryOf(result.settings[result.gateSetting ?? setting]);
    if (delivery === 'delivered') gate.passed += 1;
    else if (delivery === 'not-delivered') gate.failing.push(result.domain ?? result.input);
    else gate.undetermined.push(result.domain ?? result.input);
  }
  return gate;
}

export interface ExitPolicy {
  /** --fail-on-regression: a regression against the baseline fails the run. */
  failOnRegression: boolean;
}

/** The only exit decision: a pure function of the finished report and the policy. */
export function exitCodeFor(
  report: Pick<Report, 'results' | 'gate' | 'interrupted' | 'baseline'>,
  policy: ExitPolicy = { failOnRegression: false },
): ExitCode {
  // An interrupted run has not checked everything: it cannot pass a gate, nor look like success.
  if (report.interrupted) return EXIT.interrupted;
  if (report.gate) {
    const gate = evaluateGate(report.results, report.gate.setting);
    if (gate.failing.length > 0) return EXIT.gateFailed;
    if (gate.undetermined.length > 0 && !report.gate.allowUndetermined) return EXIT.gateUndetermined;
  }
  if (policy.failOnRegression && report.baseline && hasRegression(report.baseline)) return EXIT.gateFailed;
  return EXIT.ok;
}
