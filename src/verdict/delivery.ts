/** The three answers a verdict gives about delivery, and how many domains gave each. Pure. */
import type { DomainResult, SettingVerdict } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { messagesOf } from './traffic.js';

export type Delivery = 'delivered' | 'not-delivered' | 'undetermined';

/**
 * The verdict of a result under a setting. `off` exists on relay results only; a domain result is
 * never judged under it (the CLI refuses --require off outside `tlscheck relay`), so asking is our bug.
 */
export function verdictUnder(result: Pick<DomainResult, 'settings'>, setting: SettingName): SettingVerdict {
  const verdict = (result.settings as Partial<Record<SettingName, SettingVerdict>>)[setting];
  if (verdict === undefined) throw new Error(`no verdict under ${setting}: a relay setting asked of a domain result`);
  return verdict;
}

export function deliveryOf(verdict: Pick<SettingVerdict, 'deliverable'>): Delivery {
  return verdict.deliverable === true ? 'delivered' : verdict.deliverable === false ? 'not-delivered' : 'undetermined';
}

export interface SettingTally {
  delivered: number;
  notDelivered: number;
  undetermined: number;
}

/** How many results are delivered, not delivered and undetermined under `setting`. */
export function tally(results: readonly DomainResult[], setting: SettingName): SettingTally {
  const counts: SettingTally = { delivered: 0, notDelivered: 0, undetermined: 0 };
  for (const result of results) count(counts, verdictUnder(result, setting));
  return counts;
}

/** Adds one verdict to `counts` (tally, and RunTally as results stream by). */
export function count(counts: SettingTally, verdict: Pick<SettingVerdict, 'deliverable'>): void {
  const delivery = deliveryOf(verdict);
  if (delivery === 'delivered') counts.delivered += 1;
  else if (delivery === 'not-delivered') counts.notDelivered += 1;
  else counts.undetermined += 1;
}

/**
 * No mail under any setting, definitely: the most lenient (the profile's first, which a result's
 * `settings` holds first; a relay's `off`) does not deliver, so no TLS switch changes that.
 */
export function getsNoMail(result: Pick<DomainResult, 'settings'>): boolean {
  // The first key is the most lenient setting; for...in reads it without copying the verdicts.
  for (const first in result.settings) return result.settings[first]!.deliverable === false;
  return false;
}

/**
 * The order a person reads a batch in: first the domains a switch would cut off (not delivered
 * under the setting each is judged under, or, without a probe, sent plaintext in the Email Log
 * Files; most messages in the logs first, then most recipients), then the undetermined ones (most
 * messages first), then those that get no mail anyway, then the rest in input order. Stable and
 * deterministic.
 */
export function atRiskFirst(results: readonly DomainResult[], settingOf: (result: DomainResult) => SettingName): DomainResult[] {
  const rank = (result: DomainResult): number => {
    if (getsNoMail(result)) return 2;
    if (result.dns.outcome === 'not-probed' && (result.traffic?.plaintext ?? 0) > 0) return 0;
    const delivery = deliveryOf(verdictUnder(result, settingOf(result)));
    return delivery === 'not-delivered' ? 0 : delivery === 'undetermined' ? 1 : 3;
  };
  return results
    .map((result, index) => ({ result, index, rank: rank(result) }))
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        (a.rank <= 1 ? messagesOf(b.result) - messagesOf(a.result) : 0) ||
        (a.rank === 0 ? b.result.recipients - a.result.recipients : 0) ||
        a.index - b.index,
    )
    .map((entry) => entry.result);
}
