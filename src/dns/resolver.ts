/**
 * The DNS interface the pipeline sees, and our stub resolver behind it (dns-packet over UDP,
 * TCP when truncated). We do not use node:dns: it hides CNAME loops, the AD bit and rcodes.
 */
import type { Answer } from 'dns-packet';
import type { DnsServerActivity } from '../model/observation.js';
import { LIMITS } from '../model/limits.js';
import { canonicalName, newQueryId, type Expected, type QueryFlags, type QueryType } from './message.js';
import { PromiseCache } from './promise-cache.js';
import { tcpExchange, udpExchange, type DnsServerAddress, type DnsExchange } from './transport.js';

export type { QueryFlags, QueryType } from './message.js';
export type { DnsServerAddress } from './transport.js';

export type DnsResult =
  | {
      status: 'ok';
      /** 'NOERROR', 'NXDOMAIN', 'SERVFAIL', 'REFUSED', ... */
      rcode: string;
      /** The answer section as decoded by dns-packet (CNAMEs included, OPT excluded). */
      answers: Answer[];
      /** The resolver's AD bit: it validated the answer with DNSSEC (RFC 4035 §3.2.3). */
      authenticated: boolean;
    }
  | { status: 'timeout' | 'error'; message: string };

export interface Resolver {
  /** `flags` (DO, CD) are part of the question: the cache keeps answers to each spelling apart. */
  query(name: string, type: QueryType, flags?: QueryFlags): Promise<DnsResult>;
  /** What each server did so far, in the order given (a run-wide note judges it: a resolver that never answers). */
  activity(): DnsServerActivity[];
}

/** Runs a task when the caller's budget allows (e.g. at most N lookups in flight); see ResolverOptions.schedule. */
export type Scheduler = <T>(task: () => Promise<T>) => Promise<T>;

export interface ResolverOptions {
  servers: DnsServerAddress[];
  /** Deadline of one attempt (one UDP exchange, and the TCP retry if truncated), ms. */
  timeoutMs: number;
  /** Attempts in all, rotating over the servers. */
  attempts: number;
  /**
   * Where each lookup that goes to the network waits its turn (answers from the cache never
   * wait): makeRunContext passes a limiter of LIMITS.dnsInFlight. Default: at once.
   */
  schedule?: Scheduler;
  /** Settled answers remembered (default LIMITS.dnsCachedAnswers); questions pending are always kept. */
  cachedAnswers?: number;
}

/** Answers that mean "this server could not help", so another server may (RFC 1035 §7.2). */
const TRY_NEXT_SERVER = new Set(['SERVFAIL', 'REFUSED']);

/**
 * A stub resolver with a per-instance cache for the run. The cache holds promises, so
 * concurrent identical questions share one packet; it keeps every pending question and the most
 * recently used answers (PromiseCache), so it does not grow with the number of domains.
 */
export function createResolver(options: ResolverOptions): Resolver {
  if (options.servers.length === 0) throw new Error('createResolver: no DNS servers given');
  if (!(options.attempts >= 1) || !(options.timeoutMs > 0)) {
    throw new Error(`createResolver: attempts (${options.attempts}) and timeoutMs (${options.timeoutMs}) must be positive`);
  }
  const cache = new PromiseCache<DnsResult>(options.cachedAnswers ?? LIMITS.dnsCachedAnswers);
  const schedule: Scheduler = options.schedule ?? ((task) => task());
  const activity = options.servers.map((server) => ({ server: describe(server), answered: 0, unanswered: 0 }));
  return {
    query(name, type, flags = {}) {
      const qname = canonicalName(name);
      const key = `${qname} ${type}${flags.dnssecOk ? ' +do' : ''}${flags.checkingDisabled ? ' +cd' : ''}`;
      return cache.get(key, () => schedule(() => lookup(options, { name: qname, type, ...flags }, activity)));
    },
    activity: () => activity.map((entry) => ({ ...entry })),
  };
}

/**
 * One attempt at one server: UDP, then TCP if the answer was truncated (RFC 7766 §5). The
 * attempt has one deadline for both, so a lookup never takes longer than attempts x timeoutMs.
 */
/** A question without its ID: name, type and flags. */
type Question = Omit<Expected, 'id'>;

async function ask(server: DnsServerAddress, question: Question, timeoutMs: number, seen: DnsServerActivity): Promise<DnsExchange> {
  const deadline = Date.now() + timeoutMs;
  const { name, type } = question;
  const expected: Expected = { ...question, id: newQueryId() };
  const udp = await udpExchange(server, expected, timeoutMs);
  // A truncated reply is still a reply: the server answers, whatever TCP then does.
  if (udp.kind === 'reply') seen.answered++;
  else seen.unanswered++;
  // RFC 2181 §9: the data of a truncated answer is not used, whatever it holds.
  if (udp.kind !== 'reply' || !udp.reply.truncated) return udp;
  const left = deadline - Date.now();
  if (left <= 0) return { kind: 'timeout' };
  const tcp = await tcpExchange(server, { ...expected, id: newQueryId() }, left);
  if (tcp.kind === 'reply' && tcp.reply.truncated) {
    // Nothing is too long for TCP: a truncated answer there is a broken server, and believing
    // it would report part of a record set as the whole.
    return { kind: 'error', message: `TCP: the answer to ${type} ${name} is truncated too` };
  }
  return tcp;
}

function describe(server: DnsServerAddress): string {
  return server.host.includes(':') ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

async function lookup(options: ResolverOptions, question: Question, activity: DnsServerActivity[]): Promise<DnsResult> {
  const { servers, attempts, timeoutMs } = options;
  const { name, type } = question;
  const gaveUp = new Set<number>(); // servers that answered SERVFAIL/REFUSED
  let unhelpful: DnsResult | null = null;
  let timedOut = false;
  let lastError = '';
  let next = 0;
  for (let attempt = 0; attempt < attempts && gaveUp.size < servers.length; attempt++) {
    while (gaveUp.has(next % servers.length)) next++;
    const index = next % servers.length;
    next++;
    const outcome = await ask(servers[index]!, question, timeoutMs, activity[index]!);
    if (outcome.kind === 'timeout') {
      timedOut = true;
    } else if (outcome.kind === 'error') {
      lastError = `${describe(servers[index]!)}: ${outcome.message}`;
    } else {
      const { rcode, answers, authenticated } = outcome.reply;
      const result: DnsResult = { status: 'ok', rcode, answers, authenticated };
      if (!TRY_NEXT_SERVER.has(rcode)) return result;
      gaveUp.add(index);
      unhelpful = result;
    }
  }
  // A definite answer (even SERVFAIL) says more than silence from the other servers.
  if (unhelpful) return unhelpful;
  if (timedOut) {
    const where = servers.map(describe).join(', ');
    return { status: 'timeout', message: `no answer to ${type} ${name} from ${where} (${attempts} attempts of ${timeoutMs} ms)` };
  }
  return { status: 'error', message: `${type} ${name}: ${lastError}` };
}
