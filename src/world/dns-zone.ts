/**
 * The data a test-world DNS server answers from. Scenario files hold it as JSON.
 * Names are lower-case ASCII without a trailing dot.
 */

export type ZoneRecord =
  | { name: string; type: 'A' | 'AAAA'; data: string; ttl?: number }
  | { name: string; type: 'MX'; data: { preference: number; exchange: string }; ttl?: number }
  | { name: string; type: 'CNAME'; data: string; ttl?: number }
  | { name: string; type: 'TXT'; data: string[]; ttl?: number }
  | { name: string; type: 'TLSA'; data: TlsaData; ttl?: number };

/** RFC 6698 §2.1; `certificate` is the association data in hex. */
export interface TlsaData {
  usage: number;
  selector: number;
  matchingType: number;
  certificate: string;
}

/**
 * How the server misbehaves for questions about one name (the name as asked, before any CNAME
 * is chased), whatever the type. Every field is off when absent.
 */
export interface NameBehaviour {
  /**
   * Over UDP, answer with TC set and only the first answer record, however small the answer
   * (RFC 2181 §9: the client must not use it and must ask again over TCP). TCP answers are whole.
   */
  truncate?: boolean;
  /** Before the real answer, send one under another ID (rcode REFUSED): a client must ignore it. */
  wrongIdFirst?: boolean;
  /** Before the real answer, send one with the right ID for another question (REFUSED). */
  wrongQuestionFirst?: boolean;
  /** Hold every answer (the spoofed ones too) back this many ms. */
  delayMs?: number;
}

export const NAME_BEHAVIOUR_KEYS: readonly (keyof NameBehaviour)[] = ['truncate', 'wrongIdFirst', 'wrongQuestionFirst', 'delayMs'];

export interface DnsZone {
  records: ZoneRecord[];
  /** Names answered with SERVFAIL, whatever the type. */
  servfail?: string[];
  /**
   * DNSSEC-signed zones, by apex: answers about names at or below one get the AD bit, as from a
   * validating resolver (RFC 4035 §3.2.3), when every name of the CNAME chain is in a signed zone.
   */
  signed?: string[];
  /**
   * Names whose signatures fail validation: SERVFAIL, unless the query sets CD (RFC 4035 §3.2.2),
   * then the data without AD, as a validating resolver answers a bogus name.
   */
  bogus?: string[];
  /** Names the server never answers (the client must time out). */
  silent?: string[];
  /** Misbehaviour per asked name (see NameBehaviour); names not listed get plain answers. */
  behaviours?: Record<string, NameBehaviour>;
}
