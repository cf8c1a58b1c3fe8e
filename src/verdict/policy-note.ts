/**
 * Receiver policies never change a setting's verdict: Salesforce does not document honouring
 * MTA-STS, DANE or TLS-RPT. When any domain of the run publishes one, the report says so once.
 */
import type { DomainResult } from '../model/report.js';

export const POLICY_NOTE =
  'MTA-STS, DANE and TLS-RPT do not change the verdicts per setting: Salesforce does not document honouring these receiver policies. ' +
  'The policy lines show what a sender that honours them would do.';

export function policyNote(results: readonly DomainResult[]): string | null {
  const published = results.some(
    ({ policy }) => policy !== null && (policy.mtaSts !== null || policy.dane !== null || policy.tlsRpt !== null),
  );
  return published ? POLICY_NOTE : null;
}
