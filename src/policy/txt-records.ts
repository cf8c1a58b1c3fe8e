/**
 * The TXT records at one name, each as the one string its character-strings make when
 * concatenated (RFC 7208 §3.3 style, which RFC 8461 §3.1 and RFC 8460 §3 rely on).
 */
import { lookupFollowing } from '../dns/follow.js';
import type { Resolver } from '../dns/resolver.js';

export type TxtLookup = { kind: 'records'; texts: string[] } | { kind: 'none' } | { kind: 'failure'; message: string };

export async function lookupTxt(resolver: Resolver, name: string): Promise<TxtLookup> {
  const result = await lookupFollowing(resolver, name, 'TXT');
  switch (result.kind) {
    case 'failure':
      return { kind: 'failure', message: result.message };
    case 'nxdomain':
    case 'nodata':
      return { kind: 'none' };
    case 'records':
      return { kind: 'records', texts: result.records.map((record) => textOf('data' in record ? record.data : undefined)) };
  }
}

/** dns-packet gives a TXT record's data as a Buffer or an array of Buffers/strings. */
function textOf(data: unknown): string {
  const parts = Array.isArray(data) ? data : [data];
  return parts.map((part) => (Buffer.isBuffer(part) ? part.toString('utf8') : typeof part === 'string' ? part : '')).join('');
}
