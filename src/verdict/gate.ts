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
import { deliveryOf, getsNoMail, verdictUnder } from './delivery.js';
import { NamedDomainsTally, type NamedDomains } from './named-domains.js';

export interface GateRequest {
  /** --require, or null for no gate. */
  setting: SettingName | null;
  /** --restrict as typed, or null. */
  restrict: string | null;
  allowUndetermined: boolean;
  /** --fail-on-no-mail: domains that get no mail under any setting fail the gate too. */
  failOnNoMail: boolean;
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
  const { setting, allowUndetermined, failOnNoMail } = request;
  return { ok: true, gate: { setting, restrict, allowUndetermined, failOnNoMail } };
}

export type RestrictParse = { ok: true; patterns: string[] } | { ok: false; message: string };

/** People paste lists with commas, semicolons, spaces or one per line: all of them separate entries. */
const SEPARATORS = /[\s,;]+/;

/** One DNS label in ASCII (RFC 1035 §2.3.1 as relaxed by RFC 1123 §2.1; `_` is not a host name character). */
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function parseRestrictList(text: string): RestrictParse {
  const patterns: string[] = [];
  for (const raw of text.split(SEPARATORS)) {
    const entry = canonicalDomain(raw);
    if (entry === '') continue;
    if (entry === '*') {
      patterns.push('*');
      continue;
    }
    const pattern = restrictPattern(entry);
    if (pattern === null) return { ok: false, message: `--restrict: "${raw}" is not a domain or *.domain pattern` };
    if (!patterns.includes(pattern)) patterns.push(pattern);
  }
  if (patterns.length === 0)
    return { ok: false, message: '--restrict: the list is empty (omit --restrict to apply the setting to all domains)' };
  return { ok: true, patterns };
}

/** `acme.com` or `*.acme.com` in ASCII form, or null when it is neither: a domain needs two labels, a wildcard one below it. */
function restrictPattern(entry: string): string | null {
  const wildcard = entry.startsWith('*.');
  const base = wildcard ? entry.slice(2) : entry;
  if (base.includes('*')) return null;
  const ascii = domainToASCII(base);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (!labels.every((label) => LABEL.test(label))) return null;
  if (labels.length < 2 && !wildcard) return null;
  return wildcard ? `*.${ascii}` : ascii;
}

/** The patterns that match none of `domains` (a typo, or a pasted list naming domains outside this batch). */
export function unmatchedPatterns(patterns: readonly string[], domains: Iterable<string>): string[] {
  const unmatched = new UnmatchedPatterns(patterns);
  for (const domain of domains) unmatched.see(domain);
  return unmatched.list();
}

/** The --restrict patterns no domain seen so far matches, fed a domain at a time (a merge that keeps no results). */
export class UnmatchedPatterns {
  private readonly left: Set<string>;
  /** Domains seen. */
  domains = 0;

  constructor(patterns: readonly string[]) {
    this.left = new Set(patterns);
  }

  see(domain: string): void {
    this.domains += 1;
    for (const pattern of this.left) if (matchesRestrict(domain, [pattern])) this.left.delete(pattern);
  }

  /** In the order the patterns were given. */
  list(): string[] {
    return [...this.left];
  }
}

export function matchesRestrict(domain: string, patterns: readonly string[]): boolean {
  const name = canonicalDomain(domain);
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/** The setting a domain is judged under: the gate's for listed domains, the profile's default (`otherwise`: Salesforce's preferred) for the rest. */
export function gateSettingFor(domain: string | null, gate: GateConfig | null, otherwise: SettingName): SettingName | null {
  if (!gate) return null;
  if (!gate.restrict || domain === null) return gate.setting;
  return matchesRestrict(domain, gate.restrict) ? gate.setting : otherwise;
}

export interface GateResult {
  setting: SettingName;
  /**
   * Domains that fail the gate: those in `stopped`, and with --fail-on-no-mail those in `noMail`
   * too. A count: a streamed run names no more domains than the gate's line shows.
   */
  failing: number;
  /** Domains (inputs) that would not be delivered under the setting: the switch stops their mail. */
  stopped: NamedDomains;
  /** Domains whose delivery could not be determined (timeouts, 421, SERVFAIL). */
  undetermined: NamedDomains;
  /**
   * Domains that get no mail under any setting (NXDOMAIN, null MX, no address, refused sessions,
   * input that is not a domain): no switch stops their mail. They fail the gate only with
   * --fail-on-no-mail.
   */
  noMail: NamedDomains;
  passed: number;
}

/**
 * The gate built one result at a time, so a streamed run (ndjson, csv) that keeps no results
 * decides exactly as a run that keeps them: evaluateGate is this, folded over the results.
 */
export class GateTally {
  private passed = 0;
  // Results arrive in completion order; each tally keeps its first names in input order.
  private readonly stopped = new NamedDomainsTally();
  private readonly undetermined = new NamedDomainsTally();
  private readonly noMail = new NamedDomainsTally();

  constructor(private readonly config: Pick<GateConfig, 'setting' | 'failOnNoMail'>) {}

  /** Each domain is judged under its own gateSetting (with --restrict, unlisted domains get preferred). */
  add(result: DomainResult): void {
    const name = result.domain ?? result.input;
    if (getsNoMail(result)) {
      this.noMail.add(result.position, name);
      return;
    }
    const delivery = deliveryOf(verdictUnder(result, result.gateSetting ?? this.config.setting));
    if (delivery === 'delivered') this.passed += 1;
    else if (delivery === 'not-delivered') this.stopped.add(result.position, name);
    else this.undetermined.add(result.position, name);
  }

  result(): GateResult {
    const [stopped, undetermined, noMail] = [this.stopped.result(), this.undetermined.result(), this.noMail.result()];
    return {
      setting: this.config.setting,
      failing: stopped.count + (this.config.failOnNoMail ? noMail.count : 0),
      stopped,
      undetermined,
      noMail,
      passed: this.passed,
    };
  }
}

export function evaluateGate(results: readonly DomainResult[], config: Pick<GateConfig, 'setting' | 'failOnNoMail'>): GateResult {
  const tally = new GateTally(config);
  for (const result of results) tally.add(result);
  return tally.result();
}

export interface ExitPolicy {
  /** --fail-on-regression: a regression against the baseline fails the run. */
  failOnRegression: boolean;
}

/**
 * The only exit decision: a pure function of the finished report and the policy. `evaluated` is
 * the gate already tallied while the results streamed by (a streamed run keeps no results);
 * without it the gate is evaluated from `report.results`.
 */
export function exitCodeFor(
  report: Pick<Report, 'results' | 'gate' | 'interrupted' | 'baseline'>,
  policy: ExitPolicy = { failOnRegression: false },
  evaluated?: GateResult | null,
): ExitCode {
  // An interrupted run has not checked everything: it cannot pass a gate, nor look like success.
  if (report.interrupted) return EXIT.interrupted;
  if (report.gate) {
    const gate = evaluated ?? evaluateGate(report.results, report.gate);
    if (gate.failing > 0) return EXIT.gateFailed;
    if (gate.undetermined.count > 0 && !report.gate.allowUndetermined) return EXIT.gateUndetermined;
  }
  // With --allow-undetermined, "we could not tell this time" is not a regression either.
  const ignoreUndetermined = report.gate?.allowUndetermined ?? false;
  if (policy.failOnRegression && report.baseline && hasRegression(report.baseline, ignoreUndetermined)) return EXIT.gateFailed;
  return EXIT.ok;
}
