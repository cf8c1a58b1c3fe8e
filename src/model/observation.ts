/**
 * What the network code saw, and nothing else: no judgement lives here. The verdict is a pure
 * function of these observations, the setting and the clock.
 */
import type { DnsFailureReason, Failure } from './vocabulary.js';

/** One complete SMTP reply (possibly multi-line). */
export interface SmtpReply {
  /** The three-digit code, e.g. 250. */
  code: number;
  /** The text of each line after the code and separator, in order; raw server text (untrusted). */
  lines: string[];
}

/** The mail hosts of a domain as DNS described them (RFC 5321 §5.1, RFC 7505). */
export type MailHosts =
  | { kind: 'mx'; hosts: MxHost[] }
  /** No MX record: the domain itself is the implicit MX (RFC 5321 §5.1). */
  | { kind: 'implicit-mx'; hosts: MxHost[] }
  /** `MX 0 .`: the domain accepts no mail (RFC 7505). */
  | { kind: 'null-mx' }
  | { kind: 'nxdomain' }
  /** The name exists but has neither MX nor A/AAAA. */
  | { kind: 'no-mail-host' }
  /** SERVFAIL, timeout or another DNS error: undetermined. */
  | { kind: 'dns-failure'; reason: DnsFailureReason; message: string };

export interface MxHost {
  /** Lower-case ASCII host name, no trailing dot. */
  host: string;
  preference: number;
  /** Addresses in the order a sender would try them (as DNS returned them: A then AAAA). */
  addresses: MxAddress[];
  /** Set when the host's addresses could not be resolved; null otherwise. */
  dnsFailure: { reason: 'mx-host-unresolvable' | DnsFailureReason; message: string } | null;
}

export interface MxAddress {
  address: string;
  family: 4 | 6;
}

/**
 * What one DNS server did for the run's resolver so far: each attempt at it either got a reply
 * (any rcode, over UDP or TCP) or ended without one (deadline passed, socket error). Attempts
 * still in flight are in neither count.
 */
export interface DnsServerActivity {
  /** The server as "host:port" ("[v6]:port"). */
  server: string;
  answered: number;
  unanswered: number;
}

/** What one SMTP session with one (address, MX host name) pair showed. */
export interface ProbeObservation {
  address: string;
  family: 4 | 6;
  /** The MX host name used for SNI. */
  host: string;
  port: number;
  /** The greeting, or null if none arrived. */
  banner: SmtpReply | null;
  /** The reply to the first EHLO (or HELO when EHLO was refused), or null. */
  ehlo: SmtpReply | null;
  /** True when EHLO was refused and HELO was used instead (which means no STARTTLS). */
  heloFallback: boolean;
  /** Whether the EHLO reply advertised STARTTLS; null when the session never got that far. */
  starttlsOffered: boolean | null;
  /** The reply to STARTTLS, or null when STARTTLS was not sent. */
  starttlsReply: SmtpReply | null;
  /** The negotiated TLS session (TLS 1.2 or newer, as the sending platform would), or null. */
  tls: TlsSession | null;
  /**
   * When the modern handshake failed: the older versions ('TLSv1', 'TLSv1.1') a second probe
   * could negotiate; an empty array when it could negotiate none; null when no second probe ran.
   */
  legacyProtocols: string[] | null;
  /** The TLS 1.0/1.1 session of that second probe (its certificate, for senders that negotiate those versions), or null. */
  legacyTls: TlsSession | null;
  /** The reply to EHLO sent over TLS, or null. */
  ehloTls: SmtpReply | null;
  /** The first thing that went wrong, or null if the session ran to QUIT. */
  failure: Failure | null;
  /** Wall time of the whole probe in milliseconds. */
  durationMs: number;
}

export interface TlsSession {
  /** e.g. 'TLSv1.3'. */
  protocol: string;
  /** OpenSSL cipher name, e.g. 'TLS_AES_256_GCM_SHA384'. */
  cipher: string;
  /** The certificates exactly as the server sent them, leaf first, DER encoded (at most LIMITS.maxChainLength). */
  chain: Buffer[];
  /** How many certificates the server sent (may exceed `chain.length`). */
  sentChainLength: number;
  /**
   * OpenSSL's own verdict on the chain during the handshake (X509_verify_cert as a TLS client runs
   * it, against the run's trust store, at the real clock; names not checked), or null when the
   * probe was given no trust store.
   */
  verification: ChainVerification | null;
}

export interface ChainVerification {
  /** OpenSSL accepted the chain. */
  authorized: boolean;
  /**
   * When it did not: Node's name for the X509_V_ERR_* code (e.g. 'CERT_HAS_EXPIRED',
   * 'INVALID_PURPOSE'; 'UNSPECIFIED' for the codes Node does not name). OpenSSL goes on after an
   * error and this is the last one it met, not necessarily the first.
   */
  error: string | null;
}
