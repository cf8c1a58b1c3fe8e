/**
 * The blast radius of a switch: under one setting, how many domains (and how many recipients,
 * counting every input entry that named them) would not get mail, which could not be judged,
 * and the worst hit first. Pure; shared by the table, Markdown and any other human format.
 */
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import type { Reason } from '../model/vocabulary.js';
import { formatCount, plural } from '../text/words.js';

export interface ImpactCount {
  domains: number;
  recipients: number;
}

export interface ImpactEntry {
  /** The normalised domain, or the input when it is not a domain. */
  domain: string;
  recipients: number;
  /** The reasons of the verdict under the setting. */
  reasons: Reason[];
}

export interface Impact {
  /** Domains the switch would cut off: "not delivered" under the setting, but not already under preferred; `worst` lists them all, most recipients first. */
  notDelivered: ImpactCount & { worst: ImpactEntry[] };
  undetermined: ImpactCount;
  delivered: ImpactCount;
  /** Domains that get no mail under any setting (NXDOMAIN, null MX, invalid input): not the switch's doing. */
  noMailAnyway: ImpactCount;
}

/** Every result lands in exactly one of the four groups. */
export function impact(results: readonly DomainResult[], setting: SettingName): Impact {
  const out: Impact = {
    notDelivered: { domains: 0, recipients: 0, worst: [] },
    undetermined: { domains: 0, recipients: 0 },
    delivered: { domains: 0, recipients: 0 },
    noMailAnyway: { domains: 0, recipients: 0 },
  };
  for (const result of results) {
    const verdict = result.settings[setting];
    if (result.settings.preferred.deliverable === false) {
      out.noMailAnyway.domains += 1;
      out.noMailAnyway.recipients += result.recipients;
      continue;
    }
    const group = verdict.deliverable === true ? out.delivered : verdict.deliverable === false ? out.notDelivered : out.undetermined;
    group.domains += 1;
    group.recipients += result.recipients;
    if (verdict.deliverable === false) {
      out.notDelivered.worst.push({ domain: result.domain ?? result.input, recipients: result.recipients, reasons: [...verdict.reasons] });
    }
  }
  out.notDelivered.worst.sort(worstFirst);
  return out;
}

/**
 * One sentence for the top of a report, e.g. "Switching to required stops mail to 1,234
 * recipients at 17 domains; 3 domains (12 recipients) undetermined." When every domain counts
 * one recipient (a plain list of domains) the recipients are not repeated.
 */
export function impactSentence(results: readonly DomainResult[], setting: SettingName): string {
  const { notDelivered, undetermined, noMailAnyway } = impact(results, setting);
  const head =
    notDelivered.domains === 0
      ? `Switching to ${setting} stops mail to no domain (${formatCount(results.length)} checked)`
      : notDelivered.recipients === notDelivered.domains
        ? `Switching to ${setting} stops mail to ${plural(notDelivered.domains, 'domain')}`
        : `Switching to ${setting} stops mail to ${plural(notDelivered.recipients, 'recipient')} at ${plural(notDelivered.domains, 'domain')}`;
  const tails: string[] = [];
  if (undetermined.domains > 0) tails.push(`${counted(undetermined)} undetermined`);
  if (noMailAnyway.domains > 0)
    tails.push(`${counted(noMailAnyway)} ${noMailAnyway.domains === 1 ? 'gets' : 'get'} no mail under any setting`);
  return tails.length === 0 ? `${head}.` : `${head}; ${tails.join('; ')}.`;
}

function counted(count: ImpactCount): string {
  return count.recipients === count.domains
    ? plural(count.domains, 'domain')
    : `${plural(count.domains, 'domain')} (${plural(count.recipients, 'recipient')})`;
}

function worstFirst(a: ImpactEntry, b: ImpactEntry): number {
  if (a.recipients !== b.recipients) return b.recipients - a.recipients;
  return a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0;
}
