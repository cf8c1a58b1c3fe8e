/**
 * Whose AD bit we believe (RFC 6698 §4.1, RFC 7672 §2.1.1): a stub cannot check DNSSEC itself,
 * so it believes a validating resolver only over a path an attacker cannot touch. Loopback is
 * such a path; any other resolver only when the user vouches for it (--trust-ad).
 */
import net from 'node:net';
import type { DnsServerAddress } from './transport.js';

function withoutZone(host: string): string {
  const percent = host.indexOf('%');
  return percent === -1 ? host : host.slice(0, percent);
}

/** 127.0.0.0/8, ::1 and ::ffff:127.x.y.z. */
export function isLoopback(host: string): boolean {
  const bare = withoutZone(host);
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (!net.isIPv6(bare)) return false;
  const list = new net.BlockList();
  list.addAddress('::1', 'ipv6');
  list.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');
  return list.check(bare, 'ipv6');
}

/**
 * The resolver rotates over every server, so any of them may give an answer: the AD bit is
 * believed only when all of them are on loopback, or with --trust-ad.
 */
export function adBitTrusted(servers: readonly DnsServerAddress[], trustAd: boolean): boolean {
  return trustAd || (servers.length > 0 && servers.every((server) => isLoopback(server.host)));
}
