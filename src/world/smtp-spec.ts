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
  | 'pipeline-injection'
  /** 220, read the client's first handshake bytes (the ClientHello), then reset the connection (RST). */
  | 'reset'
  /** 220, read the ClientHello, never answer: the handshake stalls halfway. */
  | 'stall';

export const STARTTLS_BEHAVIOURS: readonly StarttlsBehaviour[] = ['accept', 'reject', 'garbage', 'pipeline-injection', 'reset', 'stall'];

/** How the greeting is delivered. Whatever it is, a greeting that never completes answers nothing. */
export type GreetingBehaviour =
  /** The banner as given (`bannerChunkBytes` / `bannerChunkDelayMs` apply). */
  | 'normal'
  /** Accept the connection and close it at once (FIN), having said nothing. */
  | 'close'
  /** `<bannerCode>-<first banner line>` CRLF, repeated forever, one byte every `dripMs`: a reply that never ends (a tarpit). */
  | 'drip'
  /** `<bannerCode> ` and then LONG_LINE_BYTES of text with no line end, then silence. */
  | 'long-line';

export const GREETING_BEHAVIOURS: readonly GreetingBehaviour[] = ['normal', 'close', 'drip', 'long-line'];

/** How EHLO (before TLS) is answered when `ehloCode` is 250. */
export type EhloBehaviour =
  /** The greeting line and `extensions`, one reply. */
  | 'normal'
  /** `250-` continuation lines forever, as fast as the client reads them: a reply that never ends. */
  | 'endless';

export const EHLO_BEHAVIOURS: readonly EhloBehaviour[] = ['normal', 'endless'];

/** Size of the greeting line under greeting 'long-line': 1 MiB, 256 times LIMITS.maxLineBytes. */
export const LONG_LINE_BYTES = 1024 * 1024;

/**
 * Exact bytes to write instead of the reply a phase would give. Each string is written in latin1,
 * one byte per character, so a JSON scenario can say anything with \u escapes: NUL (\u0000), a
 * bare LF, a lone 0xFF (\u00ff, invalid UTF-8). The session logic is unchanged (the spec's codes
 * still decide what happens next): only the bytes on the wire differ.
 */
export interface RawReplies {
  /** Instead of the greeting (greeting 'normal' only; chunking still applies). */
  banner?: string;
  /** Instead of the reply to EHLO before TLS. */
  ehlo?: string;
  /** Instead of the reply to STARTTLS (the 220, or the refusal under 'reject'). */
  starttls?: string;
}

export const RAW_REPLY_PHASES: readonly (keyof RawReplies)[] = ['banner', 'ehlo', 'starttls'];
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
  /** How the greeting is delivered. Default 'normal'. */
  greeting?: GreetingBehaviour;
  /** Delay between two bytes under greeting 'drip', ms. Default 10. */
  dripMs?: number;
  /** Write the greeting in chunks of this many bytes (to exercise reply framing across packets). Default: one write. */
  bannerChunkBytes?: number;
  /** Delay between two greeting chunks, ms. Default 0 (each chunk on its own event-loop turn). */
  bannerChunkDelayMs?: number;
  /** Code of the reply to EHLO. Default 250. 4xx/5xx means EHLO refused; HELO then works with 250. 421 closes. */
  ehloCode?: number;
  /** How a 250 to EHLO before TLS is written. Default 'normal'. */
  ehloMode?: EhloBehaviour;
  /** Code of the reply to EHLO after TLS. Default 250. 421 closes (RFC 5321 §3.8). */
  ehloTlsCode?: number;
  /** EHLO keywords before TLS. Default PIPELINING, SIZE 35882577, 8BITMIME, STARTTLS; leave out STARTTLS to not offer it. After TLS the same minus STARTTLS. */
  extensions?: string[];
  /**
   * EHLO keywords after TLS. Default: `extensions` minus STARTTLS. A submission-style relay
   * advertises AUTH only here (e.g. ["PIPELINING", "AUTH PLAIN LOGIN"]).
   */
  extensionsTls?: string[];
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
  /** Exact bytes instead of the formatted reply, per phase (see RawReplies). */
  rawReplies?: RawReplies;
}

/** A spec with every default applied. */
export interface ResolvedSpec {
  hostname: string;
  banner: string[] | null;
  bannerCode: number;
  greeting: GreetingBehaviour;
  dripMs: number;
  bannerChunkBytes: number | null;
  bannerChunkDelayMs: number;
  ehloCode: number;
  ehloMode: EhloBehaviour;
  ehloTlsCode: number;
  extensions: string[];
  extensionsTls: string[];
  starttls: StarttlsBehaviour;
  starttlsCode: number;
  certificate: string | null;
  tlsMinVersion: SecureVersion | null;
  tlsMaxVersion: SecureVersion | null;
  rawReplies: RawReplies;
}

export const DEFAULT_EXTENSIONS: readonly string[] = ['PIPELINING', 'SIZE 35882577', '8BITMIME', 'STARTTLS'];

export function resolveSpec(spec: SmtpServerSpec): ResolvedSpec {
  const hostname = spec.hostname ?? 'mx.tlscheck.test';
  return {
    hostname,
    banner: spec.banner === undefined ? [`${hostname} ESMTP tlscheck test world`] : spec.banner,
    bannerCode: spec.bannerCode ?? 220,
    greeting: spec.greeting ?? 'normal',
    dripMs: spec.dripMs ?? 10,
    bannerChunkBytes: spec.bannerChunkBytes ?? null,
    bannerChunkDelayMs: spec.bannerChunkDelayMs ?? 0,
    ehloCode: spec.ehloCode ?? 250,
    ehloMode: spec.ehloMode ?? 'normal',
    ehloTlsCode: spec.ehloTlsCode ?? 250,
    extensions: spec.extensions ?? [...DEFAULT_EXTENSIONS],
    extensionsTls: spec.extensionsTls ?? (spec.extensions ?? [...DEFAULT_EXTENSIONS]).filter((e) => e.toUpperCase() !== 'STARTTLS'),
    starttls: spec.starttls ?? 'accept',
    starttlsCode: spec.starttlsCode ?? 454,
    certificate: spec.certificate ?? null,
    tlsMinVersion: spec.tlsMinVersion ?? null,
    tlsMaxVersion: spec.tlsMaxVersion ?? null,
    rawReplies: spec.rawReplies ?? {},
  };
}

/** Whether the server advertises STARTTLS before TLS. */
export function offersStarttls(spec: ResolvedSpec): boolean {
  return spec.extensions.some((e) => e.toUpperCase() === 'STARTTLS');
}

/** Whether a session can reach a TLS handshake (so a certificate is needed). */
export function needsCertificate(spec: ResolvedSpec): boolean {
  const talks =
    spec.banner !== null && spec.greeting === 'normal' && spec.bannerCode === 220 && spec.ehloCode === 250 && spec.ehloMode === 'normal';
  return talks && offersStarttls(spec) && (spec.starttls === 'accept' || spec.starttls === 'pipeline-injection');
}

const CERTIFICATE_ID = /^[a-z0-9][a-z0-9-]*$/;

type Check = (value: unknown) => string | null;

const isCode: Check = (v) => (Number.isInteger(v) && (v as number) >= 200 && (v as number) <= 599 ? null : 'must be an SMTP code 200..599');
const isNonNegative: Check = (v) => (Number.isInteger(v) && (v as number) >= 0 ? null : 'must be a whole number >= 0');
/** Replies are written in latin1 (one byte per character): anything beyond U+00FF would be mangled, so it is refused (say it with rawReplies). */
const LINE = /^[\u0000-\u0009\u000b\u000c\u000e-\u00ff]*$/;
const isString: Check = (v) =>
  typeof v === 'string' && LINE.test(v) ? null : 'must be a string of characters \\u0000..\\u00ff without CR/LF';
const isStringList: Check = (v) =>
  Array.isArray(v) && v.every((s) => isString(s) === null)
    ? null
    : 'must be an array of strings of characters \\u0000..\\u00ff without CR/LF';
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v as string) ? null : `must be one of ${values.join(', ')}`;
/** Every character one latin1 byte (U+0000..U+00FF), at least one. */
const isBytes: Check = (v) =>
  typeof v === 'string' && v.length > 0 && /^[\u0000-\u00ff]*$/.test(v)
    ? null
    : 'must be a non-empty string of characters \\u0000..\\u00ff (one byte each)';
const isRawReplies: Check = (v) => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return `must be an object with ${RAW_REPLY_PHASES.join(', ')}`;
  for (const [phase, bytes] of Object.entries(v)) {
    if (!(RAW_REPLY_PHASES as readonly string[]).includes(phase))
      return `unknown phase ${JSON.stringify(phase)} (known: ${RAW_REPLY_PHASES.join(', ')})`;
    const problem = isBytes(bytes);
    if (problem !== null) return `${phase} ${problem}`;
  }
  return null;
};

const FIELD_CHECKS: Record<keyof SmtpServerSpec, Check> = {
  hostname: isString,
  banner: (v) => (v === null ? null : isStringList(v)),
  bannerCode: isCode,
  greeting: oneOf(GREETING_BEHAVIOURS),
  dripMs: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'must be a whole number >= 1'),
  bannerChunkBytes: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : 'must be a whole number >= 1'),
  bannerChunkDelayMs: isNonNegative,
  ehloCode: isCode,
  ehloMode: oneOf(EHLO_BEHAVIOURS),
  ehloTlsCode: isCode,
  extensions: isStringList,
  extensionsTls: isStringList,
  starttls: oneOf(STARTTLS_BEHAVIOURS),
  starttlsCode: isCode,
  certificate: (v) => (typeof v === 'string' && CERTIFICATE_ID.test(v) ? null : 'must be a leaf id of fixtures/pki (e.g. "valid")'),
  tlsMinVersion: oneOf(TLS_VERSIONS),
  tlsMaxVersion: oneOf(TLS_VERSIONS),
  rawReplies: isRawReplies,
};

/** Fields that contradict each other (each valid on its own). */
function conflicts(spec: ResolvedSpec, where: string): string[] {
  const problems: string[] = [];
  if (spec.banner === null && spec.greeting !== 'normal') problems.push(`${where}.greeting: banner null already means a silent server`);
  if (spec.rawReplies.banner !== undefined && (spec.banner === null || spec.greeting !== 'normal')) {
    problems.push(`${where}.rawReplies.banner: only with a banner and greeting "normal"`);
  }
  if (spec.rawReplies.ehlo !== undefined && spec.ehloMode !== 'normal')
    problems.push(`${where}.rawReplies.ehlo: not with ehloMode "${spec.ehloMode}"`);
  return problems;
}

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
    errors.push(...conflicts(resolved, where));
    if (needsCertificate(resolved) && resolved.certificate === null) {
      errors.push(`${where}: advertises STARTTLS with starttls "${resolved.starttls}" but has no certificate`);
    }
  }
  return errors;
}
