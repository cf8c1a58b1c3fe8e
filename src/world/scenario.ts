/**
 * A scenario: the DNS answers, the SMTP servers with their behaviour, and the domains to check
 * with the verdict expected per TLS setting. Scenario files are JSON (fixtures/scenarios/);
 * `loadScenario` validates one and names every problem it finds.
 */
import { readFileSync } from 'node:fs';
import { findProfile, SALESFORCE, SALESFORCE_RELAY } from '../model/profiles/index.js';
import { settingNames, type SettingName } from '../model/settings.js';
import type { NameBehaviour, ZoneRecord } from './dns-zone.js';
import { validatePolicySites, type PolicySiteSpec } from './policy-site.js';
import { validateSmtpServerSpec, type SmtpServerSpec } from './smtp-spec.js';
import { isObject, validateBehaviours, validateRecord } from './scenario-records.js';

export { fixturesDir } from './fixtures.js';

/** What a domain's check must conclude under one setting. */
export type Expectation = 'verified-tls' | 'tls' | 'plaintext' | 'not-delivered' | 'undetermined';
export const EXPECTATIONS: readonly Expectation[] = ['verified-tls', 'tls', 'plaintext', 'not-delivered', 'undetermined'];

export interface ScenarioServer {
  /** 4: gets its own loopback address 127.0.0.2, .3, ...; 6: gets ::1 (one IPv6 server at most). */
  family: 4 | 6;
  behaviour: SmtpServerSpec;
}

/** An A/AAAA record whose address is that of a scenario server, filled in when the world starts. */
export interface ServerAddressRecord {
  name: string;
  type: 'A' | 'AAAA';
  /** A key of `servers`; its family must match the record type. */
  server: string;
  ttl?: number;
}

/**
 * A TLSA record whose association data is computed from a certificate of the test PKI when the
 * world starts (so regenerating the PKI never leaves a scenario's records stale by accident).
 */
export interface DerivedTlsaRecord {
  name: string;
  type: 'TLSA';
  data: {
    usage: number;
    selector: number;
    matchingType: number;
    /** A leaf id of fixtures/pki and the position in its chain file (0: the leaf, 1: its issuer, ...). */
    of: { certificate: string; position: number };
  };
  ttl?: number;
}

export type ScenarioRecord = ZoneRecord | ServerAddressRecord | DerivedTlsaRecord;

export type DomainExpectation = Record<SettingName, Expectation> & {
  /** The MX host expected to carry the mail under `required`; null: none; absent: not checked. */
  via?: string | null;
};

export interface ScenarioDomain {
  domain: string;
  /** One line saying what the domain shows. */
  title?: string;
  /** The verdicts expected under Salesforce's settings (the default profile). */
  expect: DomainExpectation;
  /** The verdicts expected under other sender profiles, each under all of its settings: `{ "postfix": { "may": "tls", … } }`. */
  profiles?: Record<string, Record<SettingName, Expectation>>;
}

/** An Email Relay to check (`tlscheck relay`), with the verdict expected under each relay setting. */
export interface ScenarioRelay {
  /** As the admin would type it: a host name or an IP address (the world's port is added). */
  relay: string;
  title?: string;
  /** Check with --auth ("Require SMTP authentication"). Default false. */
  auth?: boolean;
  expect: Record<SettingName, Expectation>;
}

export interface Scenario {
  name: string;
  description?: string;
  servers: Record<string, ScenarioServer>;
  dns: {
    records: ScenarioRecord[];
    /** Names answered with SERVFAIL. */
    servfail?: string[];
    /** Apexes of DNSSEC-signed zones: their answers carry the AD bit (see DnsZone.signed). */
    signed?: string[];
    /** Names that fail validation: SERVFAIL unless asked with CD (see DnsZone.bogus). */
    bogus?: string[];
    /** Names never answered. */
    silent?: string[];
    /** Per asked name: truncation over UDP, spoofed replies first, delays (see NameBehaviour). */
    behaviours?: Record<string, NameBehaviour>;
  };
  domains: ScenarioDomain[];
  /** Relays to check with `tlscheck relay` (the demo's `tlscheck demo relay` checks the first). */
  relays?: ScenarioRelay[];
  /**
   * MTA-STS policy hosts served by the world's HTTPS server, by host name (mta-sts.<domain>).
   * Each gets an A record for that server unless the scenario gives the name one itself.
   */
  policySites?: Record<string, PolicySiteSpec>;
}

/** A scenario file that does not describe a scenario: every problem, one per line. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid scenario ${source}:\n  ${problems.join('\n  ')}`);
    this.name = 'ScenarioError';
  }
}

function isNameList(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function checkServers(value: unknown, problems: string[]): void {
  if (!isObject(value)) {
    problems.push('servers: must be an object of named servers');
    return;
  }
  let ipv6 = 0;
  for (const [name, server] of Object.entries(value)) {
    if (!isObject(server)) {
      problems.push(`servers.${name}: must be an object with family and behaviour`);
      continue;
    }
    if (server.family !== 4 && server.family !== 6) problems.push(`servers.${name}.family: must be 4 or 6`);
    if (server.family === 6) ipv6 += 1;
    problems.push(...validateSmtpServerSpec(server.behaviour, `servers.${name}.behaviour`));
    for (const key of Object.keys(server)) {
      if (key !== 'family' && key !== 'behaviour') problems.push(`servers.${name}.${key}: unknown field`);
    }
  }
  // Every server listens on the same port, and ::1 is the only IPv6 loopback address.
  if (ipv6 > 1) problems.push(`servers: at most one server can have family 6 (found ${ipv6})`);
}

function checkDns(value: unknown, servers: Record<string, unknown>, problems: string[]): void {
  if (!isObject(value) || !Array.isArray(value.records)) {
    problems.push('dns: must be an object with a records array');
    return;
  }
  value.records.forEach((record: unknown, i: number) => {
    problems.push(...validateRecord(record, servers, `dns.records[${i}]`));
  });
  for (const key of ['servfail', 'silent', 'signed', 'bogus'] as const) {
    if (value[key] !== undefined && !isNameList(value[key])) problems.push(`dns.${key}: must be an array of names`);
  }
  if (value.behaviours !== undefined) problems.push(...validateBehaviours(value.behaviours, 'dns.behaviours'));
}

function validateDomainEntry(entry: unknown, where: string, problems: string[]): void {
  if (!isObject(entry) || typeof entry.domain !== 'string' || entry.domain === '') {
    problems.push(`${where}: must be an object with a domain name`);
    return;
  }
  if (entry.title !== undefined && typeof entry.title !== 'string') problems.push(`${where}.title: must be a string`);
  const expect = entry.expect;
  validateExpectations(expect, settingNames(SALESFORCE), `${where}.expect`, problems);
  if (isObject(expect) && expect.via !== undefined && expect.via !== null && typeof expect.via !== 'string') {
    problems.push(`${where}.expect.via: must be a host name or null`);
  }
  if (entry.profiles === undefined) return;
  if (!isObject(entry.profiles)) {
    problems.push(`${where}.profiles: must be an object keyed by profile name`);
    return;
  }
  for (const [name, expectations] of Object.entries(entry.profiles)) {
    const profile = findProfile(name);
    if (profile === null) problems.push(`${where}.profiles.${name}: unknown profile`);
    else validateExpectations(expectations, settingNames(profile), `${where}.profiles.${name}`, problems);
  }
}

/** An expectation under each of `names`, and no other key (`via` aside). */
function validateExpectations(expect: unknown, names: readonly string[], where: string, problems: string[]): void {
  if (!isObject(expect)) {
    problems.push(`${where}: must be an object with ${names.join(', ')}`);
    return;
  }
  for (const setting of names) {
    if (!EXPECTATIONS.includes(expect[setting] as Expectation))
      problems.push(`${where}.${setting}: must be one of ${EXPECTATIONS.join(', ')}`);
  }
  for (const key of Object.keys(expect)) {
    if (key !== 'via' && !names.includes(key)) problems.push(`${where}.${key}: unknown setting`);
  }
}

function validateRelayEntry(entry: unknown, where: string, problems: string[]): void {
  if (!isObject(entry) || typeof entry.relay !== 'string' || entry.relay === '') {
    problems.push(`${where}: must be an object with a relay host`);
    return;
  }
  if (entry.title !== undefined && typeof entry.title !== 'string') problems.push(`${where}.title: must be a string`);
  if (entry.auth !== undefined && typeof entry.auth !== 'boolean') problems.push(`${where}.auth: must be true or false`);
  if (isObject(entry.expect) && 'via' in entry.expect) problems.push(`${where}.expect.via: unknown relay setting`);
  validateExpectations(entry.expect, settingNames(SALESFORCE_RELAY), `${where}.expect`, problems);
}

/** Checks parsed JSON; returns it typed, or throws a ScenarioError listing every problem. */
export function parseScenario(value: unknown, source: string): Scenario {
  if (!isObject(value)) throw new ScenarioError(source, ['the file must hold a JSON object']);
  const problems: string[] = [];
  if (typeof value.name !== 'string' || value.name === '') problems.push('name: must be a non-empty string');
  if (value.description !== undefined && typeof value.description !== 'string') problems.push('description: must be a string');
  checkServers(value.servers, problems);
  checkDns(value.dns, isObject(value.servers) ? value.servers : {}, problems);
  if (value.policySites !== undefined) problems.push(...validatePolicySites(value.policySites, 'policySites'));
  if (!Array.isArray(value.domains)) problems.push('domains: must be an array');
  else {
    value.domains.forEach((entry: unknown, i: number) => validateDomainEntry(entry, `domains[${i}]`, problems));
    const names = value.domains.map((entry: unknown) => (isObject(entry) ? entry.domain : undefined));
    const twice = names.filter((name, i) => typeof name === 'string' && names.indexOf(name) !== i);
    if (twice.length > 0) problems.push(`domains: listed twice: ${[...new Set(twice)].join(', ')}`);
  }
  if (value.relays !== undefined) {
    if (!Array.isArray(value.relays)) problems.push('relays: must be an array');
    else value.relays.forEach((entry: unknown, i: number) => validateRelayEntry(entry, `relays[${i}]`, problems));
  }
  if (problems.length > 0) throw new ScenarioError(source, problems);
  return value as unknown as Scenario;
}

/** Reads and validates a scenario file. Throws a ScenarioError (bad content) or the read error. */
export function loadScenario(path: string): Scenario {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ScenarioError(path, [`not JSON: ${(error as Error).message}`]);
  }
  return parseScenario(json, path);
}
