/**
 * What to paste into Salesforce's "Restrict TLS to these domains" so the admin can switch the
 * safe domains today and the rest later: the checked domains delivered under a setting, as exact
 * names and `*.parent` wildcards. Pure.
 *
 * Matching, as the gate reads it (src/verdict/gate.ts, docs/domain.md): `*.x` matches the
 * subdomains of `x`, never `x` itself. Salesforce documents one level (`aco.subdomains.com`); for
 * deeper names it is silent. The suggestion is right under either reading:
 * - a wildcard covers nothing unsafe at ANY depth below it (the broad reading), and
 * - a safe name counts as covered only when it is ONE level below a wildcard (the narrow
 *   reading); deeper safe names are listed themselves (redundant, harmless, if the platform
 *   matches deeper names too).
 *
 * A wildcard `*.x` is suggested when at least two checked names one level below `x` are safe,
 * no checked name anywhere below `x` is unsafe or undetermined, and `x` may carry a wildcard at
 * all (`mayWildcard`). It also covers subdomains of `x` that were not checked.
 */
import { domainToASCII } from 'node:url';
import type { DomainResult } from '../model/report.js';
import type { SettingName } from '../model/settings.js';
import { canonicalDomain } from '../text/names.js';
import { deliveryOf, type Delivery } from './delivery.js';

/** A wildcard needs at least this many safe checked names one level below its base. */
export const MIN_WILDCARD_CHILDREN = 2;

export interface RestrictSuggestion {
  setting: SettingName;
  /** What to paste, in `compareDomainNames` order: exact names and `*.base` wildcards, ASCII (IDNA) form, no duplicates. */
  entries: string[];
  /** The wildcards among `entries`. */
  wildcards: string[];
  /** Checked domains delivered under the setting (all covered by `entries`), sorted. */
  safe: string[];
  /** Checked domains not delivered under the setting (never covered), sorted. */
  notDelivered: string[];
  /** Checked domains whose delivery is undetermined (never covered), sorted. */
  undetermined: string[];
  /** Inputs that are not domains: no name to list. */
  notDomains: number;
}

export function suggestRestrict(results: readonly Pick<DomainResult, 'domain' | 'settings'>[], setting: SettingName): RestrictSuggestion {
  const { verdicts, notDomains } = verdictsByName(results, setting);
  const safe = [...verdicts].filter(([, delivery]) => delivery === 'delivered').map(([name]) => name);
  const bad = [...verdicts.keys()].filter((name) => verdicts.get(name) !== 'delivered');
  const wildcardBases = basesFor(safe, bad);
  const exact = safe.filter((name) => !wildcardBases.has(parentOf(name)));
  const wildcards = [...wildcardBases].map((base) => `*.${base}`);
  const withDelivery = (delivery: Delivery) => [...verdicts].filter(([, d]) => d === delivery).map(([name]) => name);
  return {
    setting,
    entries: [...wildcards, ...exact].sort(compareDomainNames),
    wildcards: wildcards.sort(compareDomainNames),
    safe: safe.sort(compareDomainNames),
    notDelivered: withDelivery('not-delivered').sort(compareDomainNames),
    undetermined: withDelivery('undetermined').sort(compareDomainNames),
    notDomains,
  };
}

/**
 * One delivery per checked name (ASCII, lower case, no root dot). A name checked twice with
 * different answers takes the worse one: not delivered, then undetermined, then delivered.
 */
function verdictsByName(
  results: readonly Pick<DomainResult, 'domain' | 'settings'>[],
  setting: SettingName,
): { verdicts: Map<string, Delivery>; notDomains: number } {
  const rank: Record<Delivery, number> = { delivered: 0, undetermined: 1, 'not-delivered': 2 };
  const verdicts = new Map<string, Delivery>();
  let notDomains = 0;
  for (const result of results) {
    const name = result.domain === null ? '' : asciiName(result.domain);
    if (name === '') {
      notDomains += 1;
      continue;
    }
    const delivery = deliveryOf(result.settings[setting]);
    const earlier = verdicts.get(name);
    if (earlier === undefined || rank[delivery] > rank[earlier]) verdicts.set(name, delivery);
  }
  return { verdicts, notDomains };
}

/** The ASCII form the platform compares (IDNA, RFC 5891), or '' when the name has none. */
function asciiName(domain: string): string {
  return canonicalDomain(domainToASCII(canonicalDomain(domain.trim())));
}

/** The bases `x` whose `*.x` is safe and worth it (see the file comment). */
function basesFor(safe: readonly string[], bad: readonly string[]): Set<string> {
  // Every proper ancestor of an unsafe or undetermined name: no wildcard there, at any depth.
  const tainted = new Set(bad.flatMap(ancestorsOf));
  const children = new Map<string, number>();
  for (const name of safe) {
    const parent = parentOf(name);
    if (parent !== '') children.set(parent, (children.get(parent) ?? 0) + 1);
  }
  const bases = new Set<string>();
  for (const [base, count] of children) {
    if (count >= MIN_WILDCARD_CHILDREN && !tainted.has(base) && mayWildcard(base)) bases.add(base);
  }
  return bases;
}

/**
 * Whether `*.base` may be suggested at all. Without a public-suffix list the rule is
 * conservative, so a wildcard never spans a registry's name space (`*.com`, `*.co.uk`):
 * - the base has at least two labels (never a top-level domain);
 * - under a country-code top-level domain (two letters, or an IDN `xn--` one) at least three,
 *   because `co.uk`, `com.au` or `ne.jp` cannot be told apart from `example.de` without the list
 *   (so `*.example.de` is not suggested either: those names are listed one by one);
 * - the same for the few generic top-level domains with public second-level names
 *   (`law.pro`, `airline.aero`, `eu.int`).
 * Not recognised: public suffixes deeper than that (`k12.ma.us`); review wildcards there.
 */
export function mayWildcard(base: string): boolean {
  const labels = base.split('.');
  if (labels.some((label) => label === '' || label === '*')) return false;
  const tld = labels[labels.length - 1]!;
  const registryBelow = /^[a-z]{2}$/.test(tld) || tld.startsWith('xn--') || STRUCTURED_GENERIC_TLDS.has(tld);
  return labels.length >= (registryBelow ? 3 : 2);
}

/** Generic top-level domains whose registries publish second-level names (public suffixes). */
const STRUCTURED_GENERIC_TLDS = new Set(['aero', 'arpa', 'int', 'museum', 'pro']);

function parentOf(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1);
}

function ancestorsOf(name: string): string[] {
  const ancestors: string[] = [];
  for (let parent = parentOf(name); parent !== ''; parent = parentOf(parent)) ancestors.push(parent);
  return ancestors;
}

/**
 * Domain order: labels compared from the right, so a name is followed by its wildcard and its
 * subdomains (`partner.com`, `*.partner.com`, `x.y.partner.com`, then `acme.de`). `*` sorts
 * before any label. Total and deterministic (plain code-unit comparison, no locale).
 */
export function compareDomainNames(a: string, b: string): number {
  const left = a.split('.').reverse();
  const right = b.split('.').reverse();
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! < right[i]! ? -1 : 1;
  }
  return left.length - right.length;
}
