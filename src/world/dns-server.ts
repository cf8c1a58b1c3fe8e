/**
 * The test world's DNS server: answers a DnsZone over UDP and TCP on the same loopback port,
 * the way a recursive resolver answers a stub (see dns-zone-index.ts for what it answers), with
 * hostile behaviour on demand: truncation, spoofed replies first, delays, silence.
 * Built with the same codec (dns-packet) as our client, so both sides are real.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Question } from 'dns-packet';
import type { DnsZone, NameBehaviour } from './dns-zone.js';
import { canonical, indexZone, RCODE, resolveInZone, type ZoneAnswer, type ZoneIndex } from './dns-zone-index.js';
import { FrameReader, frameMessage } from '../dns/tcp-frame.js';

/**
 * Knobs for hostile tests, for every name; local to the test world. Per-name behaviours come
 * from the zone (DnsZone.behaviours) and win over these.
 */
export interface DnsServerOptions extends Omit<NameBehaviour, 'truncate'> {
  /** '127.0.0.1' (default) or '::1'. */
  host?: string;
  /** Set the AD bit on NOERROR answers, as a validating resolver would (RFC 4035 §3.2.3). */
  authenticated?: boolean;
  /** Answer nothing at all, like a dead resolver: queries are counted, never answered. */
  silent?: boolean;
}

export interface DnsServer {
  host: string;
  port: number;
  /** Well-formed queries received so far (UDP and TCP). */
  readonly queries: number;
  /** Well-formed queries received so far for one name (as asked, case-insensitive). */
  queriesFor(name: string): number;
  close(): Promise<void>;
}

type Transport = 'udp' | 'tcp';

const FLAG_TC = 1 << 9;
const FLAG_RD = 1 << 8;
const FLAG_RA = 1 << 7;
const FLAG_AD = 1 << 5;
const FLAG_CD = 1 << 4;

function optFlags(opt: Answer | undefined): number {
  return opt !== undefined && 'flags' in opt && typeof opt.flags === 'number' ? opt.flags : 0;
}
/** RFC 1035 §4.2.1: without EDNS a UDP answer is at most 512 bytes. */
const CLASSIC_UDP_LIMIT = 512;
const TCP_IDLE_MS = 10_000;
const BIND_TRIES = 20;
/**
 * Receive buffer of the UDP socket, as resolvers tune it (Unbound's so-rcvbuf: 4m). The OS default
 * (~208 kB, ~90 small datagrams on loopback) drops part of a checker's first burst of queries
 * (256 domains in flight), and each drop costs the client a 2 s retry. Linux caps it at rmem_max.
 */
const UDP_RECEIVE_BUFFER = 4 * 1024 * 1024;

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
  /** From a signed zone: AD is set (RFC 4035 §3.2.3). */
  authenticated?: boolean;
}

/** How one query is answered: the server's knobs with the asked name's behaviour on top. */
interface Manner extends NameBehaviour {
  authenticated?: boolean;
  transport: Transport;
}

function encodeReply(query: DecodedPacket, reply: Reply, manner: Manner): Buffer {
  const opt = query.additionals?.find((a) => a.type === 'OPT');
  const hasOpt = opt !== undefined;
  let flags = FLAG_RA | (query.flag_rd ? FLAG_RD : 0) | (query.flag_cd ? FLAG_CD : 0) | reply.rcode;
  if ((manner.authenticated && reply.rcode === RCODE.NOERROR) || reply.authenticated) flags |= FLAG_AD;
  const packet = (answers: Answer[], extra: number): Buffer =>
    dnsPacket.encode({
      type: 'response',
      id: reply.id,
      flags: flags | extra,
      questions: [reply.question],
      answers,
      // RFC 6891 §7: answer EDNS with EDNS.
      // RFC 3225 §3: the DO bit is echoed.
      additionals: hasOpt ? [{ type: 'OPT', name: '.', udpPayloadSize: 1232, flags: optFlags(opt) & dnsPacket.DNSSEC_OK } as Answer] : [],
    });
  // Forced truncation keeps a partial answer on purpose: RFC 2181 §9 says a client must not
  // use it, and a client that did would see an incomplete record set.
  if (manner.truncate && manner.transport === 'udp') return packet(reply.answers.slice(0, 1), FLAG_TC);
  const full = packet(reply.answers, 0);
  // RFC 1035 §4.2.1 / RFC 2181 §9: too big for this transport -> TC and no answers; the
  // client must retry over TCP.
  const limit = manner.transport === 'udp' ? udpLimit(query) : 0xffff;
  return full.length <= limit ? full : packet([], FLAG_TC);
}

/** The replies to send for one query, spoofed ones first; empty when we stay silent. */
function repliesFor(index: ZoneIndex, query: DecodedPacket, manner: Manner): Buffer[] {
  const question = query.questions![0]!;
  const id = query.id ?? 0;
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  const outcome: ZoneAnswer =
    opcode === 0
      ? resolveInZone(index, question, query.flag_cd)
      : { kind: 'answer', rcode: RCODE.NOTIMP, answers: [], authenticated: false };
  if (outcome.kind === 'silent') return [];
  const out: Buffer[] = [];
  if (manner.wrongIdFirst) {
    out.push(encodeReply(query, { id: (id + 1) & 0xffff, rcode: RCODE.REFUSED, answers: [], question }, manner));
  }
  if (manner.wrongQuestionFirst) {
    const other = { ...question, name: `spoofed.${canonical(question.name)}` };
    out.push(encodeReply(query, { id, rcode: RCODE.REFUSED, answers: [], question: other }, manner));
  }
  out.push(
    encodeReply(query, { id, rcode: outcome.rcode, answers: outcome.answers, question, authenticated: outcome.authenticated }, manner),
  );
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
    const udp = dgram.createSocket({ type: net.isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: UDP_RECEIVE_BUFFER });
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

type Handler = (message: Buffer, transport: Transport, send: (reply: Buffer) => void) => void;

/** One TCP client: any number of framed queries (RFC 7766 §6.2.1), no size limit on answers. */
function serveTcp(socket: net.Socket, sockets: Set<net.Socket>, handle: Handler): void {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
  socket.on('error', () => {});
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  const reader = new FrameReader();
  socket.on('data', (chunk: Buffer) => {
    for (const message of reader.push(chunk)) {
      handle(message, 'tcp', (reply) => {
        if (!socket.destroyed) socket.write(frameMessage(reply));
      });
    }
  });
}

/** Counts queries per asked name and overall. */
class QueryLog {
  total = 0;
  private readonly byName = new Map<string, number>();

  add(name: string): void {
    this.total++;
    const key = canonical(name);
    this.byName.set(key, (this.byName.get(key) ?? 0) + 1);
  }

  of(name: string): number {
    return this.byName.get(canonical(name)) ?? 0;
  }
}

export async function startDnsServer(zone: DnsZone, opts: DnsServerOptions = {}): Promise<DnsServer> {
  const host = opts.host ?? '127.0.0.1';
  const index = indexZone(zone);
  const { udp, tcp, port } = await bindPair(host);
  const log = new QueryLog();
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<net.Socket>();

  const handle: Handler = (message, transport, send) => {
    const query = parseQuery(message);
    if (!query) return;
    const name = query.questions![0]!.name;
    log.add(name);
    if (opts.silent) return;
    const manner: Manner = { ...opts, ...index.behaviours.get(canonical(name)), transport };
    const replies = repliesFor(index, query, manner);
    const deliver = (): void => {
      if (!closed) replies.forEach(send);
    };
    if (!manner.delayMs) return deliver();
    const timer = setTimeout(() => {
      timers.delete(timer);
      deliver();
    }, manner.delayMs);
    timers.add(timer);
  };

  udp.on('error', () => {}); // e.g. ICMP unreachable for a client that went away: not ours to crash on
  udp.on('message', (message, rinfo) => {
    handle(message, 'udp', (reply) => udp.send(reply, rinfo.port, rinfo.address, () => {}));
  });
  tcp.on('connection', (socket) => serveTcp(socket, sockets, handle));

  return {
    host,
    port,
    get queries() {
      return log.total;
    },
    queriesFor: (name) => log.of(name),
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
