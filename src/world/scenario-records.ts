/**
 * Validation of the DNS part of a scenario file: records (ZoneRecord, or an A/AAAA record naming
 * a scenario server instead of giving an address) and per-name behaviours.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { NAME_BEHAVIOUR_KEYS } from './dns-zone.js';

/** Lower-case ASCII labels, no trailing dot (the DnsZone convention); '_' allowed for _25._tcp etc. */
const NAME = /^(?:\*|[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkName(value: unknown, where: string): string[] {
  return typeof value === 'string' && NAME.test(value) ? [] : [`${where}: must be a lower-case ASCII name without a trailing dot`];
}

function checkAddress(record: Record<string, unknown>, servers: Record<string, unknown>, where: string): string[] {
  const family = record.type === 'A' ? 4 : 6;
  if (record.server !== undefined) {
    if (record.data !== undefined) return [`${where}: give either data or server, not both`];
    const server = typeof record.server === 'string' ? servers[record.server] : undefined;
    if (!isObject(server)) return [`${where}.server: no server named ${JSON.stringify(record.server)} in servers`];
    return server.family === family ? [] : [`${where}.server: ${record.type} record for a family ${String(server.family)} server`];
  }
  const valid = typeof record.data === 'string' && (family === 4 ? isIPv4(record.data) : isIPv6(record.data));
  return valid ? [] : [`${where}.data: must be an IPv${family} address (or give "server" instead)`];
}

function checkMx(data: unknown, where: string): string[] {
  if (!isObject(data)) return [`${where}.data: must be {"preference": n, "exchange": "host"}`];
  const problems: string[] = [];
  const preference = data.preference;
  if (!Number.isInteger(preference) || (preference as number) < 0 || (preference as number) > 65535) {
    problems.push(`${where}.data.preference: must be a whole number 0..65535`);
  }
  // "." is the null MX's root name (RFC 7505 §3).
  if (data.exchange !== '.') problems.push(...checkName(data.exchange, `${where}.data.exchange`));
  return problems;
}

const byte = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 255;

/** TLSA data: the three fields, and either `certificate` (hex) or `of` (a test certificate to derive it from). */
function checkTlsa(data: unknown, where: string): string[] {
  if (!isObject(data)) return [`${where}: must be {"usage", "selector", "matchingType", and "certificate" or "of"}`];
  const problems = (['usage', 'selector', 'matchingType'] as const)
    .filter((k) => !byte(data[k]))
    .map((k) => `${where}.${k}: must be 0..255`);
  if ((data.certificate === undefined) === (data.of === undefined)) return [...problems, `${where}: give either certificate or of`];
  if (data.certificate !== undefined && !(typeof data.certificate === 'string' && /^(?:[0-9a-f]{2})*$/.test(data.certificate))) {
    problems.push(`${where}.certificate: must be lower-case hex`);
  }
  if (data.of !== undefined) {
    const of = data.of;
    const ok =
      isObject(of) && typeof of.certificate === 'string' && /^[a-z0-9][a-z0-9-]*$/.test(of.certificate) && Number.isInteger(of.position);
    if (!ok) problems.push(`${where}.of: must be {"certificate": "<leaf id of fixtures/pki>", "position": n}`);
  }
  return problems;
}

/** The problems of one record (empty when valid). */
export function validateRecord(record: unknown, servers: Record<string, unknown>, where: string): string[] {
  if (!isObject(record)) return [`${where}: must be an object`];
  const problems = checkName(record.name, `${where}.name`);
  if (record.ttl !== undefined && (!Number.isInteger(record.ttl) || (record.ttl as number) < 0)) {
    problems.push(`${where}.ttl: must be a whole number >= 0`);
  }
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return [...problems, ...checkAddress(record, servers, where)];
    case 'MX':
      return [...problems, ...checkMx(record.data, where)];
    case 'CNAME':
      return [...problems, ...checkName(record.data, `${where}.data`)];
    case 'TXT': {
      const ok = Array.isArray(record.data) && record.data.every((s) => typeof s === 'string');
      return ok ? problems : [...problems, `${where}.data: must be an array of strings`];
    }
    case 'TLSA':
      return [...problems, ...checkTlsa(record.data, `${where}.data`)];
    default:
      return [...problems, `${where}.type: must be A, AAAA, MX, CNAME, TXT or TLSA`];
  }
}

/** The problems of `dns.behaviours` (per-name misbehaviour of the DNS server; see NameBehaviour). */
export function validateBehaviours(value: unknown, where: string): string[] {
  if (!isObject(value)) return [`${where}: must be an object of names`];
  const problems: string[] = [];
  for (const [name, behaviour] of Object.entries(value)) {
    const at = `${where}.${name}`;
    problems.push(...checkName(name, `${at} (the name)`));
    if (!isObject(behaviour)) {
      problems.push(`${at}: must be an object`);
      continue;
    }
    for (const [key, setting] of Object.entries(behaviour)) {
      if (!(NAME_BEHAVIOUR_KEYS as readonly string[]).includes(key))
        problems.push(`${at}.${key}: unknown field (${NAME_BEHAVIOUR_KEYS.join(', ')})`);
      else if (key === 'delayMs') {
        if (!Number.isInteger(setting) || (setting as number) < 0) problems.push(`${at}.delayMs: must be a whole number >= 0`);
      } else if (typeof setting !== 'boolean') problems.push(`${at}.${key}: must be true or false`);
    }
  }
  return problems;
}
