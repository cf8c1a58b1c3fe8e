/**
 * The test-world DNS server's view of a zone: checked once at start (so a broken scenario fails
 * there, not mid-test), indexed by name, and asked the way a recursive resolver is asked
 * (RFC 1034 §4.3.2 / §5.3.1): CNAMEs chased inside the zone, NXDOMAIN vs NODATA, SERVFAIL and
 * silence on demand. Pure: no sockets.
 */
import net from 'node:net';
import type { Answer, Question } from 'dns-packet';
import { NAME_BEHAVIOUR_KEYS, type DnsZone, type NameBehaviour, type ZoneRecord } from './dns-zone.js';

export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
/** How many CNAMEs we chase for one question (resolvers use ~8-16; ours must exceed the client's). */
const MAX_CHASE = 16;

export interface ZoneIndex {
  byName: Map<string, ZoneRecord[]>;
  servfail: Set<string>;
  /** Apexes of the signed zones. */
  signed: string[];
  bogus: Set<string>;
  silent: Set<string>;
  behaviours: Map<string, NameBehaviour>;
}

/** `authenticated`: every name of the answer's chain is in a signed zone and none is bogus (the AD bit). */
export type ZoneAnswer = { kind: 'silent' } | { kind: 'answer'; rcode: number; answers: Answer[]; authenticated: boolean };

export function canonical(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

function toAnswer(record: ZoneRecord, owner: string): Answer {
  const base = { name: owner, ttl: record.ttl ?? 300, class: 'IN' as const };
  switch (record.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
      return { ...base, type: record.type, data: record.data };
    case 'MX':
      // A null MX's exchange "." encodes as the root name (RFC 7505 §3).
      return { ...base, type: 'MX', data: { preference: record.data.preference, exchange: record.data.exchange } };
    case 'TXT':
      return { ...base, type: 'TXT', data: record.data };
    case 'TLSA': {
      const { usage, selector, matchingType, certificate } = record.data;
      return { ...base, type: 'TLSA', data: { usage, selector, matchingType, certificate: Buffer.from(certificate, 'hex') } };
    }
  }
}

function badName(name: string): boolean {
  const labels = canonical(name) === '.' ? [] : canonical(name).split('.');
  return canonical(name).length > 253 || labels.some((l) => l.length === 0 || Buffer.byteLength(l) > 63);
}

/** Why a record cannot be served (dns-packet would encode some of these silently wrong). */
function recordProblem(record: ZoneRecord): string | null {
  if (badName(record.name)) return 'bad owner name';
  switch (record.type) {
    case 'A':
      return net.isIPv4(record.data) ? null : 'not an IPv4 address';
    case 'AAAA':
      return net.isIPv6(record.data) ? null : 'not an IPv6 address';
    case 'CNAME':
      return badName(record.data) || canonical(record.data) === '.' ? 'bad target name' : null;
    case 'MX':
      return badName(record.data.exchange) ? 'bad exchange name' : null;
    case 'TXT':
      return record.data.some((s) => Buffer.byteLength(s) > 255) ? 'TXT string over 255 bytes' : null;
    case 'TLSA': {
      const { usage, selector, matchingType, certificate } = record.data;
      if (![usage, selector, matchingType].every((n) => Number.isInteger(n) && n >= 0 && n <= 255)) return 'TLSA fields must be 0..255';
      return /^(?:[0-9a-f]{2})*$/.test(certificate) ? null : 'TLSA certificate data must be lower-case hex';
    }
  }
}

/** Why a name's behaviour cannot be used, or null. */
function behaviourProblem(name: string, behaviour: NameBehaviour): string | null {
  if (badName(name)) return 'bad name';
  if (typeof behaviour !== 'object' || behaviour === null) return 'not an object';
  const unknown = Object.keys(behaviour).find((key) => !(NAME_BEHAVIOUR_KEYS as readonly string[]).includes(key));
  if (unknown !== undefined) return `unknown field ${unknown}`;
  const { delayMs } = behaviour;
  if (delayMs !== undefined && !(Number.isFinite(delayMs) && delayMs >= 0)) return 'delayMs must be a number >= 0';
  return null;
}

/** Index the zone, checking every record and behaviour; throws (our bug) on a broken zone. */
export function indexZone(zone: DnsZone): ZoneIndex {
  const byName = new Map<string, ZoneRecord[]>();
  for (const record of zone.records) {
    const problem = recordProblem(record);
    if (problem) throw new Error(`invalid zone record ${JSON.stringify(record)}: ${problem}`);
    const key = canonical(record.name);
    byName.set(key, [...(byName.get(key) ?? []), record]);
  }
  const behaviours = new Map<string, NameBehaviour>();
  for (const [name, behaviour] of Object.entries(zone.behaviours ?? {})) {
    const problem = behaviourProblem(name, behaviour);
    if (problem) throw new Error(`invalid zone behaviour for ${JSON.stringify(name)}: ${problem}`);
    behaviours.set(canonical(name), behaviour);
  }
  return {
    byName,
    servfail: new Set((zone.servfail ?? []).map(canonical)),
    signed: (zone.signed ?? []).map(canonical),
    bogus: new Set((zone.bogus ?? []).map(canonical)),
    silent: new Set((zone.silent ?? []).map(canonical)),
    behaviours,
  };
}

/** Is `name` at or below the apex of a signed zone? */
function inSignedZone(index: ZoneIndex, name: string): boolean {
  return index.signed.some((apex) => name === apex || name.endsWith(`.${apex}`));
}

/**
 * What a recursive resolver would say about one question, from the zone alone. `checkingDisabled`
 * is the query's CD bit: with it, bogus names are answered (without AD) instead of SERVFAIL.
 */
export function resolveInZone(index: ZoneIndex, question: Question, checkingDisabled = false): ZoneAnswer {
  let name = canonical(question.name);
  let owner = question.name; // records at the asked name echo its spelling
  const answers: Answer[] = [];
  const chased = new Set<string>();
  let authenticated = true;
  const answer = (rcode: number, list: Answer[]): ZoneAnswer => ({ kind: 'answer', rcode, answers: list, authenticated });
  for (;;) {
    if (index.silent.has(name)) return { kind: 'silent' };
    if (index.servfail.has(name)) return { kind: 'answer', rcode: RCODE.SERVFAIL, answers: [], authenticated: false };
    if (index.bogus.has(name)) {
      if (!checkingDisabled) return { kind: 'answer', rcode: RCODE.SERVFAIL, answers: [], authenticated: false };
      authenticated = false;
    }
    authenticated &&= inSignedZone(index, name);
    const records = index.byName.get(name);
    // RFC 6604 §3: the rcode describes the last name of the chain.
    if (!records) return answer(RCODE.NXDOMAIN, answers);
    const matching = records.filter((r) => r.type === question.type);
    if (matching.length > 0) return answer(RCODE.NOERROR, [...answers, ...matching.map((r) => toAnswer(r, owner))]);
    const cname = records.find((r) => r.type === 'CNAME');
    if (!cname) return answer(RCODE.NOERROR, answers); // NODATA
    answers.push(toAnswer(cname, owner));
    chased.add(name);
    const target = canonical(cname.data as string);
    // A loop or an overlong chain: hand back the chain so far (as BIND does) and let the
    // client notice; Unbound would say SERVFAIL instead.
    if (chased.has(target) || chased.size >= MAX_CHASE) return answer(RCODE.NOERROR, answers);
    name = target;
    owner = target;
  }
}
