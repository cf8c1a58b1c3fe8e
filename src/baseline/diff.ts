/**
 * What changed between an earlier run (the baseline) and this one, so a scheduled CI job sees
 * regressions between runs. Pure: two reports in, a list of changes out, regressions first.
 */
import {
  CHANGE_KINDS,
  type BaselineChange,
  type BaselineComparison,
  type DomainResult,
  type Report,
  type SettingVerdict,
  type Transport,
} from '../model/report.js';
import { SETTING_NAMES, type SettingName } from '../model/settings.js';
import { compareHosts } from './hosts.js';

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
  return result.domain !== null ? result.domain.toLowerCase().replace(/\.$/, '') : result.input.trim();
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
  return { domain, kind, setting: null, host: null, before: null, after: null, regression: false };
}

function compareDomain(domain: string, then: DomainResult, now: DomainResult): BaselineChange[] {
  const changes: BaselineChange[] = [];
  for (const setting of SETTING_NAMES) {
    const change = verdictChange(then.settings[setting], now.settings[setting]);
    if (change) changes.push({ domain, kind: 'verdict-changed', setting, host: null, ...change });
  }
  for (const change of compareHosts(then, now)) changes.push({ domain, setting: null, ...change });
  return changes;
}

type VerdictChange = Pick<BaselineChange, 'before' | 'after' | 'regression'>;

/**
 * A verdict changed when deliverability or transport did. Two undetermined verdicts never differ
 * (deliverable null, transport null), whatever their reasons: a timeout then and a 421 now is
 * the same "we could not tell".
 */
function verdictChange(then: SettingVerdict, now: SettingVerdict): VerdictChange | null {
  if (then.deliverable === now.deliverable && then.transport === now.transport) return null;
  return { before: describeVerdict(then), after: describeVerdict(now), regression: isRegression(then, now) };
}

/** How well mail travels; a drop in rank while still delivered is a security regression. */
const TRANSPORT_RANK: Record<Transport, number> = { plaintext: 1, tls: 2, 'verified-tls': 3 };

function isRegression(then: SettingVerdict, now: SettingVerdict): boolean {
  if (then.deliverable !== true) return false;
  if (now.deliverable !== true) return true;
  return rank(now.transport) < rank(then.transport);
}

function rank(transport: Transport | null): number {
  return transport ? TRANSPORT_RANK[transport] : 0;
}

/** The words `describeVerdict` starts with; `changeEffect` reads them back. */
export const VERDICT_WORDS = { delivered: 'delivered', notDelivered: 'not delivered', undetermined: 'undetermined' } as const;

/** "delivered (tls via mx1.acme.com)", "not delivered (starttls-not-supported)", "undetermined (timeout)". */
export function describeVerdict(verdict: SettingVerdict): string {
  if (verdict.deliverable === true) {
    const how = [verdict.transport, verdict.via ? `via ${verdict.via}` : null].filter((part) => part !== null).join(' ');
    return how ? `${VERDICT_WORDS.delivered} (${how})` : VERDICT_WORDS.delivered;
  }
  const label = verdict.deliverable === false ? VERDICT_WORDS.notDelivered : VERDICT_WORDS.undetermined;
  return verdict.reasons.length > 0 ? `${label} (${verdict.reasons.join(', ')})` : label;
}

export type ChangeEffect = 'regression' | 'improvement' | 'neutral';

/**
 * Better, worse, or neither. `regression: false` covers both improvements and changes that are
 * neither (a new or removed domain or MX host, "not delivered" becoming "undetermined"): calling
 * those improvements would paint a definite failure green.
 */
export function changeEffect(change: BaselineChange): ChangeEffect {
  if (change.regression) return 'regression';
  switch (change.kind) {
    case 'starttls-gained':
    case 'certificate-now-verifies':
      return 'improvement';
    case 'verdict-changed':
      // Not a regression and delivered now: delivered where it was not, or over a better transport.
      return change.after !== null && isDeliveredText(change.after) ? 'improvement' : 'neutral';
    default:
      return 'neutral';
  }
}

function isDeliveredText(text: string): boolean {
  return text === VERDICT_WORDS.delivered || text.startsWith(`${VERDICT_WORDS.delivered} (`);
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
  return setting === null ? -1 : SETTING_NAMES.indexOf(setting);
}

/** Code-unit order: the same on every machine and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
