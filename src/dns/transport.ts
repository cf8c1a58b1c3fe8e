/**
 * One DNS exchange with one server over UDP or TCP, with an absolute deadline. Whatever
 * happens (answer, deadline, socket error) the socket is closed and the timer cleared, so
 * nothing keeps the process alive afterwards. Remote misbehaviour is returned, never thrown.
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
    const socket = dgram.createSocket(net.isIPv6(withoutZone(server.host)) ? 'udp6' : 'udp4');
    let done = false;
    const finish = (result: DnsExchange): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        socket.close();
      } catch {
        // already closed (e.g. after a bind error): nothing left to release
      }
      resolve(result);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.on('error', (err) => finish({ kind: 'error', message: err.message }));
    socket.on('message', (message, rinfo) => {
      if (!fromServer(rinfo, server)) return; // someone else's packet: ignore, keep waiting
      const reply = matchReply(message, expected);
      if (reply) finish({ kind: 'reply', reply });
    });
    socket.send(buildQuery(expected), server.port, server.host, (err) => {
      if (err) finish({ kind: 'error', message: err.message });
    });
  });
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
