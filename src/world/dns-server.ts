/**
 * The test world's DNS server: answers a DnsZone over UDP and TCP on the same loopback port,
 * the way a recursive resolver answers a stub (RFC 1034 §4.3.2 / §5.3.1): CNAMEs chased inside
 * the zone, NXDOMAIN vs NODATA, SERVFAIL and silence on demand, truncation over UDP.
 * Built with the same codec (dns-packet) as our client, so both sides are real.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import type { DnsZone, ZoneRecord } from './dns-zone.js';
import { FrameReader, frameMessage } from '../dns/tcp-frame.js';

/** Knobs for hostile tests; local to the test world, not part of the scenario format. */
export interface DnsServerOptions {
  /** '127.0.0.1' (default) or '::1'. */
  host?: string;
  /** Delay every answer by this many ms. */
  delayMs?: number;
  /** Before each real answer, send one with a wrong ID (rcode REFUSED): a client must ignore it. */
  wrongIdFirst?: boolean;
  /** Before each real answer, send one with the right ID but another question (REFUSED). */
  wrongQuestionFirst?: boolean;
  /** Set the AD bit on NOERROR answers, as a validating resolver would (RFC 4035 §3.2.3). */
  authenticated?: boolean;
}

export interface DnsServer {
  host: string;
  port: number;
  /** Well-formed queries received so far (UDP and TCP). */
  readonly queries: number;
  close(): Promise<void>;
}

const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const FLAG_TC = 1 << 9;
const FLAG_RD = 1 << 8;
const FLAG_RA = 1 << 7;
const FLAG_AD = 1 << 5;
/** RFC 1035 §4.2.1: without EDNS a UDP answer is at most 512 bytes. */
const CLASSIC_UDP_LIMIT = 512;
/** How many CNAMEs we chase for one question (resolvers use ~8-16; ours must exceed the client's). */
const MAX_CHASE = 16;
const TCP_IDLE_MS = 10_000;
const BIND_TRIES = 20;

interface ZoneIndex {
  byName: Map<string, ZoneRecord[]>;
  servfail: Set<string>;
  silent: Set<string>;
}

type Outcome = { kind: 'silent' } | { kind: 'answer'; rcode: number; answers: Answer[] };

function canonical(name: string): string {
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
  }
}

/** Index the zone, checking every record so a broken scenario fails here, not mid-test. */
function indexZone(zone: DnsZone): ZoneIndex {
  const byName = new Map<string, ZoneRecord[]>();
  for (const record of zone.records) {
    const problem = recordProblem(record);
    if (problem) throw new Error(`invalid zone record ${JSON.stringify(record)}: ${problem}`);
    const key = canonical(record.name);
    byName.set(key, [...(byName.get(key) ?? []), record]);
  }
  return {
    byName,
    servfail: new Set((zone.servfail ?? []).map(canonical)),
    silent: new Set((zone.silent ?? []).map(canonical)),
  };
}

/** What a recursive resolver would say about one question, from the zone alone. */
function resolveInZone(index: ZoneIndex, question: Question): Outcome {
  let name = canonical(question.name);
  let owner = question.name; // records at the asked name echo its spelling
  const answers: Answer[] = [];
  const chased = new Set<string>();
  for (;;) {
    if (index.silent.has(name)) return { kind: 'silent' };
    if (index.servfail.has(name)) return { kind: 'answer', rcode: RCODE.SERVFAIL, answers: [] };
    const records = index.byName.get(name);
    // RFC 6604 §3: the rcode describes the last name of the chain.
    if (!records) return { kind: 'answer', rcode: RCODE.NXDOMAIN, answers };
    const matching = records.filter((r) => r.type === question.type);
    if (matching.length > 0) {
      return { kind: 'answer', rcode: RCODE.NOERROR, answers: [...answers, ...matching.map((r) => toAnswer(r, owner))] };
    }
    const cname = records.find((r) => r.type === 'CNAME');
    if (!cname) return { kind: 'answer', rcode: RCODE.NOERROR, answers }; // NODATA
    answers.push(toAnswer(cname, owner));
    chased.add(name);
    const target = canonical(cname.data as string);
    // A loop or an overlong chain: hand back the chain so far (as BIND does) and let the
    // client notice; Unbound would say SERVFAIL instead.
    if (chased.has(target) || chased.size >= MAX_CHASE) return { kind: 'answer', rcode: RCODE.NOERROR, answers };
    name = target;
    owner = target;
  }
}

function parseQuery(message: Buffer): DecodedPacket | null {
  try {
    const packet = dnsPacket.decode(message);
    if (packet.flag_qr || packet.questions?.length !== 1) return null;
    return packet;
  } catch {
    return null; // malformed: ignore it, as a resolver would
  }
}

/** The UDP size the query allows (RFC 6891 §6.2.5: never below 512). */
function udpLimit(query: DecodedPacket): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  return opt && 'udpPayloadSize' in opt ? Math.max(CLASSIC_UDP_LIMIT, opt.udpPayloadSize) : CLASSIC_UDP_LIMIT;
}

interface Reply {
  id: number;
  rcode: number;
  answers: Answer[];
  question: Question;
}

function encodeReply(query: DecodedPacket, reply: Reply, opts: DnsServerOptions, limit: number): Buffer {
  const hasOpt = query.additionals?.some((a) => a.type === 'OPT') ?? false;
  let flags = FLAG_RA | (query.flag_rd ? FLAG_RD : 0) | reply.rcode;
  if (opts.authenticated && reply.rcode === RCODE.NOERROR) flags |= FLAG_AD;
  const packet = (answers: Answer[], extra: number): Buffer =>
    dnsPacket.encode({
      type: 'response',
      id: reply.id,
      flags: flags | extra,
      questions: [reply.question],
      answers,
      // RFC 6891 §7: answer EDNS with EDNS.
      additionals: hasOpt ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: 0 } as Answer] : [],
    });
  const full = packet(reply.answers, 0);
  // RFC 1035 §4.2.1 / RFC 2181 §9: too big for this transport -> TC and no answers; the
  // client must retry over TCP.
  return full.length <= limit ? full : packet([], FLAG_TC);
}

/** The replies to send for one query, spoofed ones first; empty when we stay silent. */
function repliesFor(index: ZoneIndex, query: DecodedPacket, opts: DnsServerOptions, limit: number): Buffer[] {
  const question = query.questions![0]!;
  const id = query.id ?? 0;
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  const outcome: Outcome =
    opcode === 0 ? resolveInZone(index, question) : { kind: 'answer', rcode: RCODE.NOTIMP, answers: [] };
  if (outcome.kind === 'silent') return [];
  const out: Buffer[] = [];
  if (opts.wrongIdFirst) {
    out.push(encodeReply(query, { id: (id + 1) & 0xffff, rcode: RCODE.REFUSED, answers: [], question }, opts, limit));
  }
  if (opts.wrongQuestionFirst) {
    const other = { ...question, name: `spoofed.${canonical(question.name)}` };
    out.push(encodeReply(query, { id, rcode: RCODE.REFUSED, answers: [], question: other }, opts, limit));
  }
  out.push(encodeReply(query, { id, rcode: outcome.rcode, answers: outcome.answers, question }, opts, limit));
  return out;
}

function bindUdp(socket: dgram.Socket, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

function listenTcp(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** UDP on an ephemeral port, then TCP on the same number; retried when TCP finds it taken. */
async function bindPair(host: string): Promise<{ udp: dgram.Socket; tcp: net.Server; port: number }> {
  for (let attempt = 0; attempt < BIND_TRIES; attempt++) {
    const udp = dgram.createSocket(net.isIPv6(host) ? 'udp6' : 'udp4');
    const port = await bindUdp(udp, host);
    const tcp = net.createServer();
    try {
      await listenTcp(tcp, port, host);
      return { udp, tcp, port };
    } catch (err) {
      udp.close();
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`no port free for both UDP and TCP on ${host} after ${BIND_TRIES} tries`);
}

type Handler = (message: Buffer, limit: (query: DecodedPacket) => number, send: (reply: Buffer) => void) => void;

/** One TCP client: any number of framed queries (RFC 7766 §6.2.1), no size limit on answers. */
function serveTcp(socket: net.Socket, sockets: Set<net.Socket>, handle: Handler): void {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  const reader = new FrameReader();
  socket.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) {
      handle(message, () => 0xffff, (reply) => {
        if (!socket.destroyed) socket.write(frameMessage(reply));
      });
    }
  });
}

export async function startDnsServer(zone: DnsZone, opts: DnsServerOptions = {}): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const index = indexZone(zone);
  const { udp, tcp, port } = await bindPair(host);
  let queries = 0;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();

  const handle: Handler = (message, limit, send) => {
    const query = parseQuery(message);
    if (!query) return;
    queries++;
    const replies = repliesFor(index, query, opts, limit(query));
    const deliver = (): void => {
      if (!closed) replies.forEach(send);
    };
    if (!opts.delayMs) return deliver();
    const timer = setTimeout(() => {
      timers.delete(timer);
      deliver();
    }, opts.delayMs);
    timers.add(timer);
  };

  udp.on('error', () => {}); // e.g. ICMP unreachable for a client that went away: not ours to crash on
  udp.on('message', (message, rinfo) => {
    handle(message, udpLimit, (reply) => udp.send(reply, rinfo.port, rinfo.address, () => {}));
  });
  tcp.on('connection', (socket) => serveTcp(socket, sockets, handle));

  return {
    host,
    port,
    get queries() {
      return queries;
    },
    async close() {
      if (closed) return;
      closed = true;
      timers.forEach(clearTimeout);
      sockets.forEach((s) => s.destroy());
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}
