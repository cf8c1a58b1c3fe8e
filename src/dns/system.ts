/**
 * Where our DNS questions go: the system's resolvers (resolv.conf) or the ones the user names.
 */
import net from 'node:net';
import type { DnsServerAddress } from './transport.js';

const DNS_PORT = 53;

/** An IP literal, IPv6 optionally with a zone id (fe80::1%eth0). */
function isIpLiteral(text: string): boolean {
  const percent = text.indexOf('%');
  if (percent === -1) return net.isIP(text) !== 0;
  const zone = text.slice(percent + 1);
  return net.isIPv6(text.slice(0, percent)) && /^[A-Za-z0-9_.-]+$/.test(zone);
}

/**
 * The `nameserver` lines of resolv.conf(5), in order, on port 53. Comments (# or ;), other
 * keywords and lines that are not an IP literal are ignored. An empty result means the file
 * names none (glibc would then fall back to 127.0.0.1; the caller decides).
 */
export function parseResolvConf(text: string): DnsServerAddress[] {
  const servers: DnsServerAddress[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/[#;].*$/, '').trim();
    const [keyword, value] = line.split(/\s+/);
    if (keyword !== 'nameserver' || value === undefined || !isIpLiteral(value)) continue;
    servers.push({ host: value, port: DNS_PORT });
  }
  return servers;
}

function usage(arg: string, why: string): Error {
  return new Error(`invalid DNS server "${arg}": ${why} (expected 1.2.3.4, 1.2.3.4:5353, ::1 or [::1]:5353)`);
}

function parsePort(arg: string, text: string): number {
  if (!/^\d{1,5}$/.test(text)) throw usage(arg, `"${text}" is not a port number`);
  const port = Number(text);
  if (port < 1 || port > 65535) throw usage(arg, `port ${port} is out of range 1-65535`);
  return port;
}

/**
 * A `--resolver` value: an IP literal with an optional port. Host names are refused: we would
 * need a resolver to find the resolver. Throws a usage Error with a clear message.
 */
export function parseResolverArg(arg: string): DnsServerAddress {
  const text = arg.trim();
  if (text === '') throw usage(arg, 'empty');
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    const host = bracketed[1]!;
    if (!net.isIPv6(host.split('%')[0]!) || !isIpLiteral(host)) throw usage(arg, `"${host}" is not an IPv6 address`);
    return { host, port: bracketed[2] === undefined ? DNS_PORT : parsePort(arg, bracketed[2]) };
  }
  if (isIpLiteral(text)) return { host: text, port: DNS_PORT }; // a bare IPv4 or IPv6 address
  const colon = text.lastIndexOf(':');
  if (colon !== -1 && text.indexOf(':') === colon) {
    const host = text.slice(0, colon);
    if (!net.isIPv4(host)) throw usage(arg, `"${host}" is not an IPv4 address (write IPv6 with a port as [addr]:port)`);
    return { host, port: parsePort(arg, text.slice(colon + 1)) };
  }
  throw usage(arg, 'not an IP address');
}
