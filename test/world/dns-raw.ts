/**
 * A raw DNS client for testing the test-world DNS server (dns-packet queries over UDP and TCP,
 * not our resolver), and the zone that server and our resolver are tested against.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';
import type { DnsServer } from '../../src/world/dns-server.js';
import type { DnsZone } from '../../src/world/dns-zone.js';
import { FrameReader, frameMessage } from '../../src/dns/tcp-frame.js';

/** 40 long exchange names: over 1232 bytes, so the UDP answer is truncated. */
const bigMx = Array.from({ length: 40 }, (_, i) => ({
  name: 'big.example',
  type: 'MX' as const,
  data: { preference: i, exchange: `mx${i}.a-rather-long-mail-host-name.big.example` },
}));

export const zone: DnsZone = {
  records: [
    { name: 'example.com', type: 'A', data: '192.0.2.1' },
    { name: 'example.com', type: 'MX', data: { preference: 10, exchange: 'mx.example.com' } },
    { name: 'www.example.com', type: 'CNAME', data: 'example.com' },
    { name: 'loop1.example', type: 'CNAME', data: 'loop2.example' },
    { name: 'loop2.example', type: 'CNAME', data: 'loop1.example' },
    { name: 'dangling.example', type: 'CNAME', data: 'nothing.example' },
    { name: 'to-broken.example', type: 'CNAME', data: 'broken.example' },
    { name: 'nullmx.example', type: 'MX', data: { preference: 0, exchange: '.' } },
    { name: 'txt.example', type: 'TXT', data: ['v=spf1 -all'] },
    { name: 'v6.example', type: 'AAAA', data: '2001:db8::25' },
    ...bigMx,
  ],
  servfail: ['broken.example'],
  silent: ['quiet.example'],
};

export function query(name: string, type: string, opts: { id?: number; edns?: number } = {}): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: opts.id ?? 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: [{ name, type: type as 'A' }],
    additionals: opts.edns ? [{ type: 'OPT', name: '.', udpPayloadSize: opts.edns, flags: 0 } as Answer] : [],
  });
}

/** Send one datagram and collect every reply that arrives within `waitMs`. */
export async function udpAll(server: DnsServer, message: Buffer, waitMs = 150): Promise<Buffer[]> {
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  const replies: Buffer[] = [];
  socket.on('message', (m) => replies.push(m));
  socket.send(message, server.port, server.host);
  await new Promise((r) => setTimeout(r, waitMs));
  socket.close();
  return replies;
}

export async function udpOne(server: DnsServer, message: Buffer): Promise<DecodedPacket> {
  const socket = dgram.createSocket(net.isIPv6(server.host) ? 'udp6' : 'udp4');
  try {
    const reply = new Promise<Buffer>((resolve) => socket.once('message', resolve));
    socket.send(message, server.port, server.host);
    return dnsPacket.decode(await reply);
  } finally {
    socket.close();
  }
}

export async function tcpOne(server: DnsServer, message: Buffer, chunked = false): Promise<DecodedPacket> {
  const socket = net.connect({ host: server.host, port: server.port });
  const reader = new FrameReader();
  try {
    const reply = new Promise<Buffer>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => {
        const [first] = reader.push(chunk);
        if (first) resolve(first);
      });
      socket.on('error', reject);
    });
    const framed = frameMessage(message);
    if (chunked) {
      // one byte at a time: the server must reassemble the frame
      for (const byte of framed) socket.write(Buffer.from([byte]));
    } else {
      socket.write(framed);
    }
    return dnsPacket.decode(await reply);
  } finally {
    socket.destroy();
  }
}

export const rcode = (p: DecodedPacket): string => (p as DecodedPacket & { rcode: string }).rcode;
/** The data of an answer (the Answer union includes OPT, which has none). */
export const data = (a: Answer | undefined): unknown => (a as { data?: unknown } | undefined)?.data;
