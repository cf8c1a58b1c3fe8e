/**
 * Salesforce's "Restrict TLS to these domains": listed recipient domains get the chosen setting,
 * all others Preferred; an empty list applies the setting to all mail. Pure.
 *
 * `*.subdomains.com` matches `aco.subdomains.com` but not `subdomains.com`. Deeper names
 * (`a.b.subdomains.com`) are not documented: we treat them as matching — the stricter,
 * fail-safe reading, since it puts more domains under the stricter setting. A bare `*` matches
 * every domain. The list matches the recipient's domain, never the MX host.
 */
import { domainToASCII } from 'node:url';
import type { GateConfig } from '../model/report.js';
import type { SettingName } from '../model/settings.js';

export type RestrictParse = { ok: true; patterns: string[] } | { ok: false; message: string };

export function parseRestrictList(text: string): RestrictParse {
  const patterns: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, '');
    if (entry === '') continue;
    if (entry === '*') {
      patterns.push('*');
      continue;
    }
    const wildcard = entry.startsWith('*.');
    const base = wildcard ? entry.slice(2) : entry;
    const ascii = domainToASCII(base);
    if (!ascii || base.includes('*') || (!ascii.includes('.') && !wildcard)) {
      return { ok: false, message: `--restrict: "${raw.trim()}" is not a domain or *.domain pattern` };
    }
    patterns.push(wildcard ? `*.${ascii}` : ascii);
  }
  if (patterns.length === 0)
    return { ok: false, message: '--restrict: the list is empty (omit --restrict to apply the setting to all domains)' };
  return { ok: true, patterns };
}

export function matchesRestrict(domain: string, patterns: readonly string[]): boolean {
  const name = domain.toLowerCase().replace(/\.$/, '');
  return patterns.some((pattern) => {
    if (pattern === '*') return true;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/** The setting a domain is judged under: the gate's for listed domains, preferred for the rest. */
export function gateSettingFor(domain: string | null, gate: GateConfig | null): SettingName | null {
  if (!gate) return null;
  if (!gate.restrict || domain === null) return gate.setting;
  return matchesRestrict(domain, gate.restrict) ? gate.setting : 'preferred';
}
