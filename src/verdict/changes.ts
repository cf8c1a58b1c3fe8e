/**
 * What changed between an earlier run (the baseline) and this one, so a scheduled CI job sees
 * regressions between runs. Pure: two reports in, a list of changes out, regressions first.
 */
import {
  CHANGE_KINDS,
  type BaselineChange,
  type BaselineComparison,
  type ChangeEffect,
  type DomainResult,
  type Report,
  type SettingVerdict,
  type Transport,
} from '../model/report.js';
import { ALL_SETTING_NAMES } from '../model/profiles/index.js';
import type { SettingName } from '../model/settings.js';
import { canonicalDomain } from '../text/names.js';
import { compareHosts } from './host-changes.js';

export function compareReports(baseline: Report, current: Report, file: string): BaselineComparison {
  const before = byDomain(baseline.results);
  const after = byDomain(current.results);
  const changes: BaselineChange[] = [];
  for (const [domain, nows] of after) {
    const thens = before.get(domain) ?? [];
    nows.forEach((now, index) => {
      const then = thens[index];
      if (then) changes.push(...compareDomain(domain, then, now));
      else changes.push(domainChange(domain, 'new-domain'));
    });
  }
  for (const [domain, thens] of before) {
    const count = after.get(domain)?.length ?? 0;
    for (let index = count; index < thens.length; index += 1) changes.push(domainChange(domain, 'removed-domain'));
  }
  return { file, generatedAt: baseline.generatedAt, changes: changes.sort(changeOrder) };
}

/** The key results are matched by: the normalised domain, else the input as typed. */
export function domainKey(result: Pick<DomainResult, 'domain' | 'input'>): string {
  return result.domain !== null ? canonicalDomain(result.domain) : result.input.trim();
}

/** Results grouped by key; a key seen twice in one run is paired in order with the other run's. */
function byDomain(results: DomainResult[]): Map<string, DomainResult[]> {
  const map = new Map<string, DomainResult[]>();
  for (const result of results) {
    const key = domainKey(result);
    const list = map.get(key);
    if (list) list.push(result);
    else map.set(key, [result]);
  }
  return map;
}

function domainChange(domain: string, kind: 'new-domain' | 'removed-domain'): BaselineChange {
  // A domain checked in one run only says nothing about delivery getting worse.
  return { domain, kind, setting: null, host: null, before: null, after: null, regression: false, effect: 'neutral', undetermined: false };
}

function compareDomain(domain: string, then: DomainResult, now: DomainResult): BaselineChange[] {
  const changes: BaselineChange[] = [];
  for (const [setting, verdict] of Object.entries(now.settings)) {
    const earlier = then.settings[setting];
    if (earlier === undefined) continue;
    const change = verdictChange(earlier, verdict);
    if (change) changes.push({ domain, kind: 'verdict-changed', setting, host: null, ...change });
  }
  for (const change of compareHosts(then, now)) changes.push({ domain, setting: null, ...change });
  return changes;
}

type VerdictChange = Pick<BaselineChange, 'before' | 'after' | 'regression' | 'effect' | 'undetermined'>;

/**
 * A verdict changed when deliverability or transport did. Two undetermined verdicts never differ
 * (deliverable null, transport null), whatever their reasons: a timeout then and a 421 now is
 * the same "we could not tell".
 */
function verdictChange(then: SettingVerdict, now: SettingVerdict): VerdictChange | null {
  if (then.deliverable === now.deliverable && then.transport === now.transport) return null;
  const effect = verdictEffect(then, now);
  const undetermined = now.deliverable === null;
  return { before: describeVerdict(then), after: describeVerdict(now), regression: effect === 'regression', effect, undetermined };
}

/** How well mail travels; a drop in rank while still delivered is a security regression. */
const TRANSPORT_RANK: Record<Transport, number> = { plaintext: 1, tls: 2, 'verified-tls': 3 };

/**
 * Worse: delivered before, and now not delivered, undetermined, or over a weaker transport.
 * Better: delivered now where it was not, or over a stronger transport. Neither: anything else
 * ("not delivered" becoming "undetermined" would paint a definite failure green).
 */
function verdictEffect(then: SettingVerdict, now: SettingVerdict): ChangeEffect {
  if (then.deliverable === true && (now.deliverable !== true || rank(now.transport) < rank(then.transport))) return 'regression';
  if (now.deliverable === true && (then.deliverable !== true || rank(now.transport) > rank(then.transport))) return 'improvement';
  return 'neutral';
}

function rank(transport: Transport | null): number {
  return transport ? TRANSPORT_RANK[transport] : 0;
}

/** "delivered (tls via mx1.acme.com)", "not delivered (starttls-not-supported)", "undetermined (timeout)". */
export function describeVerdict(verdict: SettingVerdict): string {
  if (verdict.deliverable === true) {
    const how = [verdict.transport, verdict.via ? `via ${verdict.via}` : null].filter((part) => part !== null).join(' ');
    return how ? `${'delivered'} (${how})` : 'delivered';
  }
  const label = verdict.deliverable === false ? 'not delivered' : 'undetermined';
  return verdict.reasons.length > 0 ? `${label} (${verdict.reasons.join(', ')})` : label;
}

export interface ChangeSummary {
  regressions: number;
  improvements: number;
  /** Changes that are neither (new or removed domains and MX hosts, "not delivered" <-> "undetermined"). */
  other: number;
}

export function summarizeChanges(comparison: BaselineComparison): ChangeSummary {
  const summary: ChangeSummary = { regressions: 0, improvements: 0, other: 0 };
  for (const change of comparison.changes) {
    if (change.effect === 'regression') summary.regressions += 1;
    else if (change.effect === 'improvement') summary.improvements += 1;
    else summary.other += 1;
  }
  return summary;
}

/** Any regression; with `ignoreUndetermined`, none that only made a verdict undetermined. */
export function hasRegression(comparison: BaselineComparison, ignoreUndetermined = false): boolean {
  return comparison.changes.some((change) => change.effect === 'regression' && !(ignoreUndetermined && change.undetermined));
}

/** Regressions first, then by domain, then by kind (CHANGE_KINDS order), setting and host. */
export function changeOrder(a: BaselineChange, b: BaselineChange): number {
  return (
    Number(b.regression) - Number(a.regression) ||
    compareText(a.domain, b.domain) ||
    CHANGE_KINDS.indexOf(a.kind) - CHANGE_KINDS.indexOf(b.kind) ||
    settingIndex(a.setting) - settingIndex(b.setting) ||
    compareText(a.host ?? '', b.host ?? '')
  );
}

function settingIndex(setting: SettingName | null): number {
  return setting === null ? -1 : ALL_SETTING_NAMES.indexOf(setting);
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
