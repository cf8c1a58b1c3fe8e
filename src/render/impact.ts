/**
 * The blast radius of a switch: under one setting, how many domains (and how many recipients,
 * counting every input entry that named them) would not get mail, which could not be judged,
 * and the worst hit first. Pure; shared by the table, Markdown and any other human format.
 */
import { getsNoMail, verdictUnder } from '../verdict/delivery.js';
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import type { Reason } from '../model/vocabulary.js';
import { formatCount, plural } from '../text/words.js';
import { hasTraffic, messagesOf, notProbed, trafficTotals } from '../verdict/traffic.js';

export interface ImpactCount {
  domains: number;
  recipients: number;
}

export interface ImpactEntry {
  /** The normalised domain, or the input when it is not a domain. */
  domain: string;
  recipients: number;
  /** Messages the Email Log Files count for the domain; null when it is in no log. */
  messages: number | null;
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
    const verdict = verdictUnder(result, setting);
    if (getsNoMail(result)) {
      out.noMailAnyway.domains += 1;
      out.noMailAnyway.recipients += result.recipients;
      continue;
    }
    const group = verdict.deliverable === true ? out.delivered : verdict.deliverable === false ? out.notDelivered : out.undetermined;
    group.domains += 1;
    group.recipients += result.recipients;
    if (verdict.deliverable === false) {
      out.notDelivered.worst.push({
        domain: result.domain ?? result.input,
        recipients: result.recipients,
        messages: result.traffic?.deliveries ?? null,
        reasons: [...verdict.reasons],
      });
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
  if (hasTraffic(results)) return trafficSentence(results, setting);
  return recipientSentence(results, setting);
}

function recipientSentence(results: readonly DomainResult[], setting: SettingName): string {
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

/**
 * With Email Log Files, domains weigh by the messages they received: "Switching to required stops
 * mail to 12 domains, which received 3,402 messages (4.1 % of your outbound mail) in the log
 * period; 3 of them received mail in plaintext as recently as 2024-05-06 13:37 UTC."
 */
function trafficSentence(results: readonly DomainResult[], setting: SettingName): string {
  const all = trafficTotals(results);
  if (notProbed(results)) {
    if (all.plaintextDomains === 0)
      return `From the Email Log Files alone (no probe): no domain received mail in plaintext in the log period.`;
    const plain = results.filter((result) => (result.traffic?.plaintext ?? 0) > 0);
    const messages = plain.reduce((sum, result) => sum + messagesOf(result), 0);
    return (
      `From the Email Log Files alone (no probe): switching to ${setting} puts ${plural(plain.length, 'domain')} at risk, ` +
      `which received ${plural(messages, 'message')} (${share(messages, all.deliveries)} of your outbound mail) in the log period, ` +
      `${formatCount(all.plaintext)} of them in plaintext, the last on ${when(all.lastPlaintext!)}.`
    );
  }
  const stopped = results.filter((result) => !getsNoMail(result) && verdictUnder(result, setting).deliverable === false);
  const base = recipientSentence(results, setting);
  if (stopped.length === 0) return base;
  const hit = trafficTotals(stopped);
  const plain =
    hit.plaintextDomains > 0
      ? `; ${formatCount(hit.plaintextDomains)} of them received mail in plaintext as recently as ${when(hit.lastPlaintext!)}`
      : '';
  const head = `Switching to ${setting} stops mail to ${plural(stopped.length, 'domain')}, which received ${plural(hit.deliveries, 'message')} (${share(hit.deliveries, all.deliveries)} of your outbound mail) in the log period${plain}.`;
  const rest = base.indexOf('; ');
  return rest === -1 ? head : `${head} ${capitalize(base.slice(rest + 2))}`;
}

/** "4.1 %" of the logged deliveries. */
function share(part: number, whole: number): string {
  return whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`;
}

/** "2024-05-06 13:37 UTC" */
function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function counted(count: ImpactCount): string {
  return count.recipients === count.domains
    ? plural(count.domains, 'domain')
    : `${plural(count.domains, 'domain')} (${plural(count.recipients, 'recipient')})`;
}

/** Most messages in the Email Log Files first, then most recipients, then by name. */
function worstFirst(a: ImpactEntry, b: ImpactEntry): number {
  if (a.messages !== b.messages) return (b.messages ?? -1) - (a.messages ?? -1);
  if (a.recipients !== b.recipients) return b.recipients - a.recipients;
  return a.domain < b.domain ? -1 : a.domain > b.domain ? 1 : 0;
}
