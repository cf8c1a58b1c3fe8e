/**
 * The Email Relay hop (Salesforce EmailRelay): the platform hands its mail to the customer's own
 * server instead of the recipient's MX. A relay result is an entry of the report's `results`
 * with every field of a domain result plus the ones below. See README "Email Relay" and DOMAIN.md.
 */
import type { DomainResult, SettingVerdict, SettingVerdicts } from './report.js';
import type { SettingName } from './settings.js';

/** The ports the platform's relay picklist offers (no 465: STARTTLS only). Any other is probed with a warning. */
export const RELAY_PORTS: readonly number[] = [25, 587, 10025, 11025];

/** How the configured relay became addresses: its MX records, its A record (no MX), or an IP address as typed. */
export const RESOLVED_VIA = ['mx', 'a', 'ip-literal'] as const;
export type ResolvedVia = (typeof RESOLVED_VIA)[number];

/** The platform's two SASL mechanisms for "Require SMTP authentication" (EmailRelay AuthType). */
export const PLATFORM_AUTH_MECHANISMS: readonly string[] = ['PLAIN', 'LOGIN'];

export interface RelayAuth {
  /** Mechanisms of the AUTH keyword in the first EHLO (plaintext), upper-cased; [] without AUTH; null when no EHLO reply was seen. */
  before: string[] | null;
  /** The same in the EHLO after STARTTLS; null when the session did not get that far. */
  after: string[] | null;
  /** --auth: "Require SMTP authentication" is on, so required-verify is also judged on PLAIN or LOGIN after TLS. */
  required: boolean;
}

/** The five relay settings, `off` first (SALESFORCE_RELAY). */
export type RelaySettingVerdicts = SettingVerdicts &
  Record<'off' | 'preferred' | 'required' | 'preferred-verify' | 'required-verify', SettingVerdict>;

export interface RelayResult extends DomainResult {
  kind: 'relay';
  /** `domain`: the relay as configured (host name or IP address). The five relay settings, `off` first. */
  settings: RelaySettingVerdicts;
  /** The port the platform dials (and tlscheck probed). */
  port: number;
  /** null when DNS gave no address (NXDOMAIN, SERVFAIL, ...). */
  resolvedVia: ResolvedVia | null;
  /**
   * Seen at the address that carries the mail under required-verify, else at the first address that
   * answered EHLO. The platform never authenticates before TLS; tlscheck never authenticates at all.
   */
  auth: RelayAuth;
}

export function isRelayResult(result: DomainResult): result is RelayResult {
  return result.kind === 'relay';
}

/** The settings a result is judged under, in its profile's order (the five relay ones for a relay). */
export function settingNamesOf(result: DomainResult): readonly SettingName[] {
  return Object.keys(result.settings);
}
