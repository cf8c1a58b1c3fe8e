/**
 * One lookup with CNAMEs followed (RFC 1034 §3.6.2, §5.2.2), bounded and loop-safe, turned from
 * rcodes into what the MX logic needs. Only records on the chain that starts at the asked name
 * are believed; anything else in the answer section is ignored.
 */
import type { Answer } from 'dns-packet';
import { LIMITS } from '../model/limits.js';
import type { DnsFailureReason } from '../model/vocabulary.js';
import { canonicalName, type QueryFlags, type QueryType } from './message.js';
import type { Resolver } from './resolver.js';

/**
 * `name` is the last name of the chain (the asked one when there was no CNAME); `authenticated`
 * is true only when the resolver set AD on every answer along the chain.
 */
export type Lookup =
  /** Records of the asked type at the end of the chain (never empty). */
  | { kind: 'records'; records: Answer[]; authenticated: boolean; name: string }
  /** The last name of the chain does not exist (RFC 6604 §3). */
  | { kind: 'nxdomain'; authenticated: boolean; name: string }
  /** The name exists but has no records of this type. */
  | { kind: 'nodata'; authenticated: boolean; name: string }
  | { kind: 'failure'; reason: DnsFailureReason; message: string };

type Walk = { kind: 'records'; records: Answer[] } | { kind: 'end'; name: string; followed: number } | { kind: 'failure'; message: string };

const sameName = (a: string, b: string): boolean => canonicalName(a) === canonicalName(b);

/** Follow the chain through one answer section, from `start`, adding to `seen`. */
function walk(answers: Answer[], start: string, type: QueryType, seen: Set<string>): Walk {
  let name = start;
  let followed = 0;
  for (;;) {
    const records = answers.filter((a) => a.type === type && sameName(a.name, name));
    if (records.length > 0) return { kind: 'records', records };
    if (type === 'CNAME') return { kind: 'end', name, followed };
    const cname = answers.find((a) => a.type === 'CNAME' && sameName(a.name, name));
    const data = cname && 'data' in cname ? cname.data : undefined;
    if (typeof data !== 'string') return { kind: 'end', name, followed };
    const target = canonicalName(data);
    if (seen.has(target)) return { kind: 'failure', message: `CNAME loop: ${[...seen, target].join(' -> ')}` };
    if (seen.size > LIMITS.maxCnameChain) {
      return { kind: 'failure', message: `CNAME chain longer than ${LIMITS.maxCnameChain} from ${start}` };
    }
    seen.add(target);
    name = target;
    followed++;
  }
}

export async function lookupFollowing(resolver: Resolver, name: string, type: QueryType, flags?: QueryFlags): Promise<Lookup> {
  let current = canonicalName(name);
  const seen = new Set<string>([current]);
  let authenticated = true; // only if every answer on the chain was validated
  for (;;) {
    const result = await resolver.query(current, type, flags);
    if (result.status !== 'ok') {
      return { kind: 'failure', reason: result.status === 'timeout' ? 'dns-timeout' : 'dns-error', message: result.message };
    }
    if (result.rcode === 'SERVFAIL') {
      return { kind: 'failure', reason: 'dns-servfail', message: `${type} ${current}: the resolver answered SERVFAIL` };
    }
    if (result.rcode !== 'NOERROR' && result.rcode !== 'NXDOMAIN') {
      return { kind: 'failure', reason: 'dns-error', message: `${type} ${current}: the resolver answered ${result.rcode}` };
    }
    const walked = walk(result.answers, current, type, seen);
    if (walked.kind === 'failure') return { kind: 'failure', reason: 'dns-error', message: walked.message };
    authenticated &&= result.authenticated;
    if (walked.kind === 'records') {
      return { kind: 'records', records: walked.records, authenticated, name: canonicalName(walked.records[0]!.name) };
    }
    if (result.rcode === 'NXDOMAIN') return { kind: 'nxdomain', authenticated, name: walked.name };
    // A resolver normally hands back the whole chain; if it stopped at a CNAME whose target it
    // did not chase, ask for the target ourselves (still bounded by `seen`).
    if (walked.followed === 0) return { kind: 'nodata', authenticated, name: walked.name };
    current = walked.name;
  }
}
