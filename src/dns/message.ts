/**
 * Building our queries and deciding whether a reply is believable. Pure: no sockets.
 * A reply is believed only if it is a well-formed response to *our* question under *our* ID
 * (RFC 5452 §9.1): anything else may be spoofed or stray and is ignored, never trusted.
 */
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';

export type QueryType = 'MX' | 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'TLSA';

/** How a question is asked, beyond name and type (DANE needs both; every other lookup neither). */
export interface QueryFlags {
  /** EDNS0 DO bit (RFC 3225): we want DNSSEC data, and a validating resolver's verdict on it. */
  dnssecOk?: boolean;
  /** CD bit (RFC 4035 §3.2.2): the resolver should not validate; tells a bogus answer from a broken server. */
  checkingDisabled?: boolean;
}

/** What we asked; the reply must echo it. */
export interface Expected extends QueryFlags {
  id: number;
  /** Lower-case, no trailing dot. */
  name: string;
  type: QueryType;
}

/** The parts of a believed reply that callers use. */
export interface ParsedReply {
  rcode: string;
  truncated: boolean;
  authenticated: boolean;
  answers: Answer[];
}

const FLAG_RD = 1 << 8;
const FLAG_AD = 1 << 5;
const FLAG_CD = 1 << 4;
/** In the OPT record's flags (RFC 3225 §3). */
const EDNS_FLAG_DO = 1 << 15;
/** RFC 8499-era guidance (DNS flag day 2020): 1232 bytes avoids IP fragmentation. */
export const EDNS_UDP_PAYLOAD = 1232;

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

export function canonicalName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') && lower.length > 1 ? lower.slice(0, -1) : lower;
}

/** A fresh unpredictable ID per query (RFC 5452 §4.3: IDs must not be guessable). */
export function newQueryId(): number {
  return randomInt(0, 0x10000);
}

export function buildQuery(expected: Expected): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: expected.id,
    // RD: we are a stub and want recursion. AD in a query asks the resolver to report whether
    // it validated the answer, without needing the DO bit (RFC 6840 §5.7).
    flags: FLAG_RD | FLAG_AD | (expected.checkingDisabled ? FLAG_CD : 0),
    questions: [{ type: expected.type, name: expected.name, class: 'IN' }],
    // EDNS0 (RFC 6891) so answers up to 1232 bytes come over UDP.
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_UDP_PAYLOAD, flags: expected.dnssecOk ? EDNS_FLAG_DO : 0 } as Answer],
  });
}

function rcodeName(flags: number): string {
  const code = flags & 0xf;
  return RCODES[code] ?? `RCODE_${code}`;
}

/**
 * Decode a datagram or TCP message and return it only if it answers `expected`.
 * Never throws: garbage, other IDs, other questions and queries all give null.
 */
export function matchReply(message: Buffer, expected: Expected): ParsedReply | null {
  // The ID first, before decoding: a datagram on a shared socket is offered to every query
  // waiting there (transport.ts), and all but one have another ID.
  if (message.length < 2 || message.readUInt16BE(0) !== expected.id) return null;
  let packet: DecodedPacket;
  try {
    packet = dnsPacket.decode(message);
  } catch {
    return null;
  }
  if (!packet.flag_qr || packet.id !== expected.id) return null;
  if ((((packet.flags ?? 0) >> 11) & 0xf) !== 0) return null; // opcode must be QUERY, as asked
  const questions = packet.questions ?? [];
  if (questions.length !== 1) return null;
  const question = questions[0]!;
  if (typeof question.name !== 'string' || canonicalName(question.name) !== expected.name) return null;
  if (question.type !== expected.type || (question.class ?? 'IN') !== 'IN') return null;
  return {
    rcode: rcodeName(packet.flags ?? 0),
    truncated: packet.flag_tc,
    authenticated: packet.flag_ad,
    answers: (packet.answers ?? []).filter((a): a is Answer => a !== undefined && a !== null && a.type !== 'OPT'),
  };
}
