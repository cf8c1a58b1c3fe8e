/**
 * What a scripted test SMTP server does, as data. Scenario files hold it as JSON (the
 * `behaviour` of a server); `validateSmtpServerSpec` checks such JSON and `resolveSpec` fills
 * in the defaults.
 */
import type { SecureVersion } from 'node:tls';

/** What the server does when the client sends STARTTLS (and STARTTLS was advertised). */
export type StarttlsBehaviour =
  /** 220, then a normal TLS handshake with `certificate`. */
  | 'accept'
  /** Answer `starttlsCode` ("TLS not available") and stay in plaintext (RFC 3207 §4). */
  | 'reject'
  /** 220, then answer the client's first handshake bytes with non-TLS garbage and close. */
  | 'garbage'
  /**
   * 220 immediately followed, in the same write, by a fake "250-evil.example / 250 STARTTLS"
   * which a correct client discards (RFC 3207 §6), then a normal TLS handshake.
   */
  | 'pipeline-injection';

export const STARTTLS_BEHAVIOURS: readonly StarttlsBehaviour[] = ['accept', 'reject', 'garbage', 'pipeline-injection'];
export const TLS_VERSIONS: readonly SecureVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

export interface SmtpServerSpec {
  /** The name the server gives itself in the banner and the EHLO reply. Default 'mx.tlscheck.test'. */
  hostname?: string;
  /**
   * Greeting lines (one line = single-line reply). Default `['<hostname> ESMTP tlscheck test world']`.
   * null: accept the connection and never say anything (nor answer any command).
   */
  banner?: string[] | null;
  /** Code of the greeting. Default 220. A 421 closes the connection after the greeting (RFC 5321 §3.8); other 4xx/5xx answer 503 to everything but QUIT (RFC 5321 §3.1). */
  bannerCode?: number;
  /** Write the greeting in chunks of this many bytes (to exercise reply framing across packets). Default: one write. */
  bannerChunkBytes?: number;
  /** Delay between two greeting chunks, ms. Default 0 (each chunk on its own event-loop turn). */
  bannerChunkDelayMs?: number;
  /** Code of the reply to EHLO. Default 250. 4xx/5xx means EHLO refused; HELO then works with 250. 421 closes. */
  ehloCode?: number;
  /** EHLO keywords before TLS. Default PIPELINING, SIZE 35882577, 8BITMIME, STARTTLS; leave out STARTTLS to not offer it. After TLS the same minus STARTTLS. */
  extensions?: string[];
  /** What STARTTLS does when advertised. Default 'accept'. When not advertised, STARTTLS gets 502. */
  starttls?: StarttlsBehaviour;
  /** Code of the refusal under starttls 'reject'. Default 454 ("4.7.0 TLS not available"). */
  starttlsCode?: number;
  /** Leaf id from fixtures/pki (`<id>.key.pem` + `<id>.chain.pem`). Required when a session can reach a handshake (STARTTLS advertised and accepted). */
  certificate?: string;
  /** Oldest TLS version accepted. Default Node's (TLSv1.2), or TLSv1 when tlsMaxVersion is older than TLSv1.2. */
  tlsMinVersion?: SecureVersion;
  /** Newest TLS version accepted. Default Node's (TLSv1.3). Older than TLSv1.2 also lowers the OpenSSL security level so TLS 1.0/1.1 suites work. */
  tlsMaxVersion?: SecureVersion;
}

/** A spec with every default applied. */
export interface ResolvedSpec {
  hostname: string;
  banner: string[] | null;
  bannerCode: number;
  bannerChunkBytes: number | null;
  bannerChunkDelayMs: number;
  ehloCode: number;
  extensions: string[];
  starttls: StarttlsBehaviour;
  starttlsCode: number;
  certificate: string | null;
  tlsMinVersion: SecureVersion | null;
  tlsMaxVersion: SecureVersion | null;
}

export const DEFAULT_EXTENSIONS: readonly string[] = ['PIPELINING', 'SIZE 35882577', '8BITMIME', 'STARTTLS'];

export function resolveSpec(spec: SmtpServerSpec): ResolvedSpec {
  const hostname = spec.hostname ?? 'mx.tlscheck.test';
  return {
    hostname,
    banner: spec.banner === undefined ? [`${hostname} ESMTP tlscheck test world`] : spec.banner,
    bannerCode: spec.bannerCode ?? 220,
    bannerChunkBytes: spec.bannerChunkBytes ?? null,
    bannerChunkDelayMs: spec.bannerChunkDelayMs ?? 0,
    ehloCode: spec.ehloCode ?? 250,
    extensions: spec.extensions ?? [...DEFAULT_EXTENSIONS],
    starttls: spec.starttls ?? 'accept',
    starttlsCode: spec.starttlsCode ?? 454,
    certificate: spec.certificate ?? null,
    tlsMinVersion: spec.tlsMinVersion ?? null,
    tlsMaxVersion: spec.tlsMaxVersion ?? null,
  };
}

/** Whether the server advertises STARTTLS before TLS. */
export function offersStarttls(spec: ResolvedSpec): boolean {
  return spec.extensions.some((e) => e.toUpperCase() === 'STARTTLS');
}

/** Whether a session can reach a TLS handshake (so a certificate is needed). */
export function needsCertificate(spec: ResolvedSpec): boolean {
  const talks = spec.banner !== null && spec.bannerCode === 220 && spec.ehloCode === 250;
  return talks && offersStarttls(spec) && (spec.starttls === 'accept' || spec.starttls === 'pipeline-injection');
}

const CERTIFICATE_ID = /^[a-z0-9][a-z0-9-]*$/;

type Check = (value: unknown) => string | null;

const isCode: Check = (v) => (Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 599 ? null : 'must be an SMTP code 200..599');
const isNonNegative: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a whole number >= 0');
const isString: Check = (v) => (typeof v === 'string' && !/[\r\n]/.test(v) ? null : 'must be a string without CR/LF');
const isStringList: Check = (v) => (Array.isArray(v) && v.every((s) => isString(s) === null) ? null : 'must be an array of strings without CR/LF');
const oneOf = (values: readonly string[]): Check => (v) => (values.includes(v as string) ? null : `must be one of ${values.join(', ')}`);

const FIELD_CHECKS: Record<keyof SmtpServerSpec, Check> = {
  hostname: isString,
  banner: (v) => (v === null ? null : isStringList(v)),
  bannerCode: isCode,
  bannerChunkBytes: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'must be a whole number >= 1'),
  bannerChunkDelayMs: isNonNegative,
  ehloCode: isCode,
  extensions: isStringList,
  starttls: oneOf(STARTTLS_BEHAVIOURS),
  starttlsCode: isCode,
  certificate: (v) => (typeof v === 'string' && CERTIFICATE_ID.test(v) ? null : 'must be a leaf id of fixtures/pki (e.g. "valid")'),
  tlsMinVersion: oneOf(TLS_VERSIONS),
  tlsMaxVersion: oneOf(TLS_VERSIONS),
};

/**
 * The problems of a behaviour read from JSON, each prefixed with `where` (empty when valid).
 * Does not check that the certificate files exist (the server does, when it starts).
 */
export function validateSmtpServerSpec(value: unknown, where: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [`${where}: must be an object`];
  }
  const errors: string[] = [];
  for (const [key, field] of Object.entries(value)) {
    const check = (FIELD_CHECKS as Record<string, Check | undefined>)[key];
    const problem = check === undefined ? `unknown field (known: ${Object.keys(FIELD_CHECKS).join(', ')})` : check(field);
    if (problem !== null) errors.push(`${where}.${key}: ${problem}`);
  }
  if (errors.length === 0) {
    const resolved = resolveSpec(value as SmtpServerSpec);
    if (needsCertificate(resolved) && resolved.certificate === null) {
      errors.push(`${where}: advertises STARTTLS with starttls "${resolved.starttls}" but has no certificate`);
    }
  }
  return errors;
}
