/**
 * The data a test-world DNS server answers from. Scenario files hold it as JSON.
 * Names are lower-case ASCII without a trailing dot.
 */

export type ZoneRecord =
  | { name: string; type: 'A' | 'AAAA'; data: string; ttl?: number }
  | { name: string; type: 'MX'; data: { preference: number; exchange: string }; ttl?: number }
  | { name: string; type: 'CNAME'; data: string; ttl?: number }
  | { name: string; type: 'TXT'; data: string[]; ttl?: number };

export interface DnsZone {
  records: ZoneRecord[];
  /** Names answered with SERVFAIL, whatever the type. */
  servfail?: string[];
  /** Names the server never answers (the client must time out). */
  silent?: string[];
}
