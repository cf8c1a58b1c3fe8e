/**
 * What the admin typed as the relay (Salesforce Email Relay "Host" and "Port"): `host[:port]`,
 * `203.0.113.5[:port]`, `[2001:db8::5][:port]` or a bare IPv6 address. Pure; never throws.
 */
import net from 'node:net';
import { normalizeTarget } from '../dns/normalize.js';

export interface RelayTarget {
  /** As typed. */
  input: string;
  /** The normalised ASCII host name, or the IP address (without brackets). */
  host: string;
  /** 4 or 6 when `host` is an IP address; null for a name. */
  literal: 4 | 6 | null;
  /** The port typed after the host; null when none was. */
  port: number | null;
}

export type RelayParse = { ok: true; target: RelayTarget } | { ok: false; message: string };

export function parseRelayTarget(input: string): RelayParse {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'no relay host given' };
  const split = splitPort(text);
  if (!split.ok) return split;
  const { host, port } = split;
  const family = net.isIP(host);
  if (family === 4 || family === 6) return { ok: true, target: { input, host, literal: family, port } };
  if (host.includes('@')) return { ok: false, message: `"${host}" is an e-mail address; the relay is a host name or an IP address` };
  const name = normalizeTarget(host);
  if (!name.ok) return { ok: false, message: `relay "${host}": ${name.message}` };
  return { ok: true, target: { input, host: name.domain, literal: null, port } };
}

type Split = { ok: true; host: string; port: number | null } | { ok: false; message: string };

function splitPort(text: string): Split {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) return withPort(bracketed[1] ?? '', bracketed[2]);
  // A bare IPv6 address has several colons and no port.
  if (net.isIPv6(text)) return { ok: true, host: text, port: null };
  const colon = text.lastIndexOf(':');
  if (colon === -1) return { ok: true, host: text, port: null };
  if (text.indexOf(':') !== colon) return { ok: false, message: `"${text}": write an IPv6 address with a port as [address]:port` };
  return withPort(text.slice(0, colon), text.slice(colon + 1));
}

function withPort(host: string, port: string | undefined): Split {
  if (host === '') return { ok: false, message: 'no relay host before the port' };
  if (port === undefined) return { ok: true, host, port: null };
  const number = Number(port);
  if (!/^\d{1,5}$/.test(port) || number < 1 || number > 65535) {
    return { ok: false, message: `relay port must be a whole number from 1 to 65535, got "${port}"` };
  }
  return { ok: true, host, port: number };
}
