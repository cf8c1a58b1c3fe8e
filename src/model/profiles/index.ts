/** Every sender profile tlscheck knows, by name. `salesforce` is the default. */
import type { Profile } from '../settings.js';
import { GOOGLE } from './google.js';
import { MAILGUN } from './mailgun.js';
import { MICROSOFT365 } from './microsoft365.js';
import { POSTFIX } from './postfix.js';
import { SALESFORCE, SALESFORCE_RELAY as SALESFORCE_RELAY_PROFILE } from './salesforce.js';
import { SENDGRID } from './sendgrid.js';
import { SES } from './ses.js';

export { SALESFORCE, SALESFORCE_RELAY } from './salesforce.js';

export const PROFILES: readonly Profile[] = [SALESFORCE, POSTFIX, MICROSOFT365, GOOGLE, SES, SENDGRID, MAILGUN];

export const DEFAULT_PROFILE = SALESFORCE;

export function findProfile(name: string): Profile | null {
  return PROFILES.find((profile) => profile.name === name.toLowerCase()) ?? null;
}

/** The profile a report names; an unknown name (a report from a newer tlscheck) is an error the caller words. */
export function profileNamed(name: string): Profile {
  const profile = findProfile(name);
  if (profile === null) throw new Error(`unknown sender profile "${name}"`);
  return profile;
}

/** Every setting name of every profile, once, each profile's in its order (`off` first): for validation and stable sorting. */
export const ALL_SETTING_NAMES: readonly string[] = [
  ...new Set([SALESFORCE_RELAY_PROFILE, ...PROFILES].flatMap((profile) => profile.settings.map((setting) => setting.name))),
];
