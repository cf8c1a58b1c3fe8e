/**
 * What the receiver's policies mean for this run's verdicts, said once: a profile whose settings
 * do not honour MTA-STS or DANE (Salesforce does not document it) keeps its verdicts whatever is
 * published; one whose settings do (Microsoft 365, Google, Postfix's dane levels) applies them,
 * and without the lookups (--no-policies) its verdicts assume nothing is published.
 */
import type { DomainResult } from '../model/report.js';
import type { Profile } from '../model/settings.js';

export function policyNote(results: readonly DomainResult[], profile: Profile, looked: boolean): string | null {
  const honouring = profile.settings.filter((setting) => setting.mtaSts || setting.dane !== 'no');
  if (honouring.length > 0) {
    const names = honouring.map((setting) => setting.name).join(', ');
    if (!looked)
      return `Receiver policies were not looked up (--no-policies): the verdicts under ${names} assume no MTA-STS or DANE is published.`;
    const what = [
      honouring.some((setting) => setting.mtaSts) ? 'MTA-STS (mode enforce)' : null,
      honouring.some((setting) => setting.dane !== 'no') ? 'DANE' : null,
    ].filter((part) => part !== null);
    const verb = what.length > 1 ? 'apply' : 'applies';
    return published(results)
      ? `The receiver's ${what.join(' and ')} ${verb} to the verdicts under ${names}, as ${profile.platform} honours them.`
      : null;
  }
  return published(results)
    ? `MTA-STS, DANE and TLS-RPT do not change the verdicts per setting: ${profile.platform} does not document honouring these receiver policies. ` +
        'The policy lines show what a sender that honours them would do.'
    : null;
}

function published(results: readonly DomainResult[]): boolean {
  return results.some(({ policy }) => policy !== null && (policy.mtaSts !== null || policy.dane !== null || policy.tlsRpt !== null));
}
