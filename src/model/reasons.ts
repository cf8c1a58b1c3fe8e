/** The one human sentence for each reason code. Renderers look them up here and nowhere else. */
import type { PassedOver, Reason } from './vocabulary.js';

export const REASON_TEXT: Record<Reason, string> = {
  timeout: 'timed out (retry later)',
  throttled: '421: busy or rate-limiting (retry later)',
  'smtp-temporary-failure': 'temporary error from the server (4xx)',
  'connection-refused': 'connection refused (a sender would retry)',
  'connection-reset': 'connection reset by the server',
  'connection-closed': 'server closed the connection early',
  'network-unreachable': 'no route to this address from here (this machine lacks that address family?)',
  'address-family-skipped': 'address family excluded for this run',
  'dns-servfail': 'DNS server failure (SERVFAIL)',
  'dns-timeout': 'DNS did not answer in time',
  'dns-error': 'DNS error',
  'not-probed': 'not probed (--no-probe): only the Email Log Files were read',
  nxdomain: 'the domain does not exist',
  'null-mx': 'the domain accepts no mail (null MX, RFC 7505)',
  'no-mail-host': 'no MX record and no address: nowhere to deliver',
  'mx-host-unresolvable': 'an MX host name has no address',
  'smtp-rejected': 'the server refused the session (5xx)',
  'protocol-error': 'the server does not speak valid SMTP',
  'invalid-input': 'not a valid mail domain',
  'starttls-not-supported': 'STARTTLS not offered',
  'starttls-rejected': 'STARTTLS offered but refused (e.g. 454)',
  'tls-handshake-failed': 'TLS handshake failed',
  'tls-version-unsupported': 'server only speaks TLS 1.0/1.1; the platform requires TLS 1.2+',
  'starttls-protocol-error': 'garbage instead of a TLS handshake after STARTTLS',
  'certificate-expired': 'certificate expired',
  'certificate-not-yet-valid': 'certificate not yet valid',
  'certificate-host-mismatch': 'certificate names match neither the MX host nor the domain',
  'certificate-self-signed': 'self-signed certificate',
  'certificate-incomplete-chain': 'incomplete chain: the server does not send its intermediate certificate',
  'certificate-not-trusted': 'certificate not issued by a trusted CA',
  'certificate-invalid': 'certificate could not be parsed (or an extension in it is broken)',
  'validation-failure': 'certificate path breaks a rule: purpose, CA constraints, critical extensions or weak algorithms',
  'relay-ip-literal': 'the relay is an IP address: the platform has no name to verify the certificate against (configure the host name)',
  'auth-not-offered': 'SMTP authentication: neither AUTH PLAIN nor AUTH LOGIN is advertised after STARTTLS',
};

/** Where the reasons of a mail delivered over TLS come from: what was tried, and failed, first. */
export const PASSED_OVER_TEXT: Record<PassedOver, string> = {
  'other-host': 'another MX host',
  'same-host': 'another address of the same host',
  both: 'other MX hosts and another address of the same host',
};
