/**
 * Name constraints (RFC 5280 §4.2.1.10) as OpenSSL 3.0 applies them (crypto/x509/v3_ncons.c):
 * every name of a certificate below the constraining CA (its subject as a directoryName, e-mail
 * addresses in the subject, every subjectAltName entry) must fall inside a permitted subtree of
 * its type, when there are any of that type, and inside no excluded subtree. For the leaf, when it
 * has no DNS subjectAltName, a subject CN that looks like a host name is checked as a DNS name
 * too (NAME_CONSTRAINTS_check_CN). Pure.
 */
import type { CertificateFacts } from './certificate-facts.js';
import { TAG } from './der.js';
import { OID_COMMON_NAME, OID_EMAIL_ADDRESS, stringValue } from './distinguished-name.js';
import type { NameConstraints } from './extensions.js';
import type { GeneralName } from './general-names.js';

/** 'ok', or why the names break the constraints (OpenSSL's X509_V_ERR_* in words). */
export type ConstraintResult = 'ok' | 'permitted-violation' | 'excluded-violation' | 'min-max' | 'unsupported-type' | 'unsupported-syntax';

const SMTP_UTF8_MAILBOX = '1.3.6.1.5.5.7.8.9';

/** Case-insensitive ASCII comparison (ia5ncasecmp). */
const sameAscii = (a: string, b: string): boolean =>
  a.length === b.length && a.replace(/[A-Z]/g, (c) => c.toLowerCase()) === b.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** nc_dns: an empty base matches all; else the name ends with the base, on a label boundary unless the base starts with '.'. */
function dnsWithin(name: string, base: string): ConstraintResult {
  if (base === '') return 'ok';
  if (name.length < base.length) return 'permitted-violation';
  const tail = name.slice(name.length - base.length);
  if (name.length > base.length && !base.startsWith('.') && name[name.length - base.length - 1] !== '.') return 'permitted-violation';
  return sameAscii(tail, base) ? 'ok' : 'permitted-violation';
}

/** nc_email: 'mailbox@host' exact (local part case-sensitive), 'host' for the host, '.domain' for any address below it. */
function emailWithin(address: string, base: string): ConstraintResult {
  const at = address.lastIndexOf('@');
  if (at === -1) return 'unsupported-syntax';
  const baseAt = base.lastIndexOf('@');
  if (baseAt === -1 && base.startsWith('.')) {
    return address.length > base.length && sameAscii(address.slice(address.length - base.length), base) ? 'ok' : 'permitted-violation';
  }
  if (baseAt > 0) {
    if (base.slice(0, baseAt).includes('\u0000') || address.slice(0, at).includes('\u0000')) return 'unsupported-syntax';
    if (base.slice(0, baseAt) !== address.slice(0, at)) return 'permitted-violation';
  }
  return sameAscii(address.slice(at + 1), base.slice(baseAt + 1)) ? 'ok' : 'permitted-violation';
}

/** nc_uri: the host of 'scheme://host[:port][/...]' against a host, or '.domain' for hosts below it. */
function uriWithin(uri: string, base: string): ConstraintResult {
  const colon = uri.indexOf(':');
  if (colon === -1 || uri.length - colon < 3 || uri[colon + 1] !== '/' || uri[colon + 2] !== '/') return 'unsupported-syntax';
  const rest = uri.slice(colon + 3);
  const stop = rest.includes(':') ? rest.indexOf(':') : rest.indexOf('/');
  const host = stop === -1 ? rest : rest.slice(0, stop);
  if (host === '') return 'unsupported-syntax';
  if (base.startsWith('.'))
    return host.length > base.length && sameAscii(host.slice(host.length - base.length), base) ? 'ok' : 'permitted-violation';
  return sameAscii(host, base) ? 'ok' : 'permitted-violation';
}

/** nc_ip: an address (4 or 16 octets) against address + mask (8 or 32 octets) of the same family. */
function ipWithin(address: Buffer, base: Buffer): ConstraintResult {
  if (address.length !== 4 && address.length !== 16) return 'unsupported-syntax';
  if (base.length !== 8 && base.length !== 32) return 'unsupported-syntax';
  if (address.length * 2 !== base.length) return 'permitted-violation';
  for (let i = 0; i < address.length; i += 1) {
    const mask = base[address.length + i];
    if ((address[i] & mask) !== (base[i] & mask)) return 'permitted-violation';
  }
  return 'ok';
}

/** The type a name is constrained as: an SmtpUTF8Mailbox otherName counts as an e-mail address (RFC 8398 §6). */
function effectiveType(name: GeneralName): GeneralName['type'] {
  return name.type === 'otherName' && name.typeId === SMTP_UTF8_MAILBOX ? 'email' : name.type;
}

/** nc_match_single: is `name` inside the subtree `base` (same effective type)? */
function within(name: GeneralName, base: GeneralName): ConstraintResult {
  if (name.type === 'otherName') {
    if (effectiveType(name) !== 'email' || base.type !== 'email') return 'unsupported-type';
    return emailWithin(name.value.toString('utf8'), base.value);
  }
  if (name.type === 'dirName' && base.type === 'dirName') return name.name.key.startsWith(base.name.key) ? 'ok' : 'permitted-violation';
  if (name.type === 'dns' && base.type === 'dns') return dnsWithin(name.value, base.value);
  if (name.type === 'email' && base.type === 'email') return emailWithin(name.value, base.value);
  if (name.type === 'uri' && base.type === 'uri') return uriWithin(name.value, base.value);
  if (name.type === 'ip' && base.type === 'ip') return ipWithin(name.value, base.value);
  return 'unsupported-type';
}

function sameSubtreeType(name: GeneralName, base: GeneralName): boolean {
  const type = effectiveType(name);
  if (type !== base.type) return false;
  return type !== 'otherName' || (name.type === 'otherName' && base.type === 'otherName' && name.typeId === base.typeId);
}

/** nc_match: one name against the constraints. */
function matchName(name: GeneralName, nc: NameConstraints): ConstraintResult {
  let permittedSeen = false;
  let permittedMatch = false;
  for (const subtree of nc.permitted) {
    if (!sameSubtreeType(name, subtree.base)) continue;
    if (!subtree.minMaxValid) return 'min-max';
    if (permittedMatch) continue;
    permittedSeen = true;
    const result = within(name, subtree.base);
    if (result === 'ok') permittedMatch = true;
    else if (result !== 'permitted-violation') return result;
  }
  if (permittedSeen && !permittedMatch) return 'permitted-violation';
  for (const subtree of nc.excluded) {
    if (!sameSubtreeType(name, subtree.base)) continue;
    if (!subtree.minMaxValid) return 'min-max';
    const result = within(name, subtree.base);
    if (result === 'ok') return 'excluded-violation';
    if (result !== 'permitted-violation') return result;
  }
  return 'ok';
}

/** NAME_CONSTRAINTS_check: the subject (as a directoryName and its e-mail attributes) and every subjectAltName. */
export function checkNameConstraints(cert: CertificateFacts, nc: NameConstraints): ConstraintResult {
  const names: GeneralName[] = [];
  if (cert.subject.attributes.length > 0) {
    names.push({ type: 'dirName', name: cert.subject });
    for (const attribute of cert.subject.attributes) {
      if (attribute.oid !== OID_EMAIL_ADDRESS) continue;
      if (attribute.tag !== TAG.ia5String) return 'unsupported-syntax';
      names.push({ type: 'email', value: attribute.value.toString('latin1') });
    }
  }
  names.push(...(cert.subjectAltNames ?? []));
  for (const name of names) {
    const result = matchName(name, nc);
    if (result !== 'ok') return result;
  }
  return 'ok';
}

/**
 * cn2dnsid: the CN as a DNS name when it looks like one (letters, digits, '_', inner '-' and
 * '.', at least two labels); '' when it does not (then it is not checked); null for an embedded NUL.
 */
export function commonNameAsDns(text: string): string | null {
  const value = text.replace(/\u0000+$/, '');
  if (value.includes('\u0000')) return null;
  let dnsLike = false;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    if (/[A-Za-z0-9_]/.test(c)) continue;
    if (i > 0 && i < value.length - 1) {
      if (c === '-') continue;
      if (c === '.' && value[i + 1] !== '.' && value[i - 1] !== '-' && value[i + 1] !== '-') {
        dnsLike = true;
        continue;
      }
    }
    return '';
  }
  return dnsLike ? value : '';
}

/** NAME_CONSTRAINTS_check_CN: each host-name-like subject CN as a DNS name. */
export function checkCommonNames(cert: CertificateFacts, nc: NameConstraints): ConstraintResult {
  for (const attribute of cert.subject.attributes) {
    if (attribute.oid !== OID_COMMON_NAME) continue;
    const text = stringValue(attribute.tag, attribute.value);
    if (text === null) return 'unsupported-syntax';
    const dns = commonNameAsDns(Buffer.from(text, 'utf8').toString('latin1'));
    if (dns === null) return 'unsupported-syntax';
    if (dns === '') continue;
    const result = matchName({ type: 'dns', value: dns }, nc);
    if (result !== 'ok') return result;
  }
  return 'ok';
}

/** Does the certificate carry a DNS subjectAltName (then its CN is not checked)? */
export function hasDnsAltName(cert: CertificateFacts): boolean {
  return (cert.subjectAltNames ?? []).some((name) => name.type === 'dns');
}
