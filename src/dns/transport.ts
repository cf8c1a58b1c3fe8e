/**
 * One DNS exchange with one server over UDP or TCP, with an absolute deadline. Whatever
 * happens (answer, deadline, socket error) the timer is cleared and the socket closed (a UDP
 * socket once the last query sharing it is done), so nothing keeps the process alive afterwards.
 * Remote misbehaviour is returned, never thrown.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { buildQuery, matchReply, type Expected, type ParsedReply } from './message.js';
import { FrameReader, frameMessage } from './tcp-frame.js';

export interface DnsServerAddress {
  /** An IP literal; IPv6 may carry a zone id (fe80::1%eth0). */
  host: string;
  port: number;
}

export type DnsExchange = { kind: 'reply'; reply: ParsedReply } | { kind: 'timeout' } | { kind: 'error'; message: string };

function withoutZone(host: string): string {
  const percent = host.indexOf('%');
  return percent === -1 ? host : host.slice(0, percent);
}

/**
 * Did this datagram come from the server we asked (RFC 5452 §9.1)? Compared as addresses, so
 * '::1' and '0:0:0:0:0:0:0:1' are the same server.
 */
function fromServer(rinfo: dgram.RemoteInfo, server: DnsServerAddress): boolean {
  if (rinfo.port !== server.port) return false;
  const expected = withoutZone(server.host);
  // The usual case, and cheap: the same spelling. A BlockList per datagram cost 5 % of a batch's CPU.
  if (withoutZone(rinfo.address) === expected) return true;
  const family = net.isIPv6(expected) ? 'ipv6' : 'ipv4';
  const list = new net.BlockList();
  list.addAddress(expected, family);
  return list.check(withoutZone(rinfo.address), net.isIPv6(withoutZone(rinfo.address)) ? 'ipv6' : 'ipv4');
}

/** Send the query once over UDP and wait for a believable reply until the deadline. */
export function udpExchange(server: DnsServerAddress, expected: Expected, timeoutMs: number): Promise<DnsExchange> {
  return new Promise((resolve) => {
    const shared = sharedSocket(net.isIPv6(withoutZone(server.host)) ? 'udp6' : 'udp4');
    let done = false;
    const waiter: Waiter = {
      take: (message, rinfo) => {
        if (!fromServer(rinfo, server)) return false; // someone else's packet: ignore, keep waiting
        const reply = matchReply(message, expected);
        if (reply) finish({ kind: 'reply', reply });
        return reply !== null;
      },
      fail: (message) => finish({ kind: 'error', message }),
    };
    const finish = (result: DnsExchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      shared.leave(waiter);
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    shared.join(waiter);
    shared.socket.send(buildQuery(expected), server.port, server.host, (err) => {
      if (err) finish({ kind: 'error', message: err.message });
    });
  });
}

/** A query waiting on a shared socket: `take` says whether a datagram was its answer. */
interface Waiter {
  take(message: Buffer, rinfo: dgram.RemoteInfo): boolean;
  fail(message: string): void;
}

/**
 * Queries in flight together share a UDP socket, each socket serving at most QUERIES_PER_SOCKET of
 * them and closing as soon as none is waiting: a batch no longer binds and closes a socket per query (that was 40 %
 * of a shared-MX batch's CPU), while the source port still changes every few dozen queries and the
 * ID and question of every answer are checked (RFC 5452 §9). A late answer to a finished query finds
 * no waiter and is dropped.
 */
const QUERIES_PER_SOCKET = 64;

class SharedUdpSocket {
  readonly socket: dgram.Socket;
  private readonly waiters = new Set<Waiter>();
  private uses = 0;
  private retired = false;

  constructor(type: 'udp4' | 'udp6') {
    this.socket = dgram.createSocket(type);
    this.socket.on('message', (message, rinfo) => {
      for (const waiter of this.waiters) if (waiter.take(message, rinfo)) return;
    });
    this.socket.on('error', (err) => {
      this.retired = true;
      for (const waiter of [...this.waiters]) waiter.fail(err.message);
    });
  }

  /** Whether another query may start on it. */
  get open(): boolean {
    return !this.retired && this.uses < QUERIES_PER_SOCKET;
  }

  join(waiter: Waiter): void {
    this.uses += 1;
    this.waiters.add(waiter);
  }

  /** The last query done: the socket closes (an idle socket would keep the process alive). */
  leave(waiter: Waiter): void {
    this.waiters.delete(waiter);
    if (this.waiters.size === 0) this.close();
  }

  private close(): void {
    this.retired = true;
    try {
      this.socket.close();
    } catch {
      // already closed (e.g. after a bind error): nothing left to release
    }
  }
}

const current = new Map<'udp4' | 'udp6', SharedUdpSocket>();

function sharedSocket(type: 'udp4' | 'udp6'): SharedUdpSocket {
  let shared = current.get(type);
  if (shared === undefined || !shared.open) {
    shared = new SharedUdpSocket(type);
    current.set(type, shared);
  }
  return shared;
}

/** The same over TCP (RFC 7766), one query per connection. */
export function tcpExchange(server: DnsServerAddress, expected: Expected, timeoutMs: number): Promise<DnsExchange> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: server.host, port: server.port });
    const reader = new FrameReader();
    let done = false;
    const finish = (result: DnsExchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('connect', () => socket.write(frameMessage(buildQuery(expected))));
    socket.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) {
        const reply = matchReply(message, expected);
        if (reply) return finish({ kind: 'reply', reply });
      }
    });
    socket.on('error', (err) => finish({ kind: 'error', message: `TCP: ${err.message}` }));
    socket.on('close', () => finish({ kind: 'error', message: 'TCP connection closed before an answer' }));
  });
}
