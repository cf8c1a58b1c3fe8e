/**
 * Small builders of whole reports for the baseline tests. The default domain is "safe": one MX
 * host, one address offering STARTTLS with a verified certificate, delivered under every setting.
 */
import type { AddressResult, CertificateReport, DomainResult, MxHostResult, Report, SettingVerdict, SettingVerdicts, Transport } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import type { Failure, Reason } from '../../src/model/vocabulary.js';

export function cert(overrides: Partial<CertificateReport> = {}): CertificateReport {
  return {
    subject: 'CN=mx.acme.test',
    names: ['mx.acme.test'],
    issuer: 'CN=Test CA',
    notBefore: '2020-01-01T00:00:00.000Z',
    notAfter: '2120-01-01T00:00:00.000Z',
    daysLeft: 30000,
    keyType: 'EC',
    keyBits: 256,
    chainLength: 2,
    trusted: true,
    trustError: null,
    matchesMx: true,
    matchesDomain: false,
    ...overrides,
  };
}

/** An address that offered STARTTLS and completed TLS with a verified certificate. */
export function addr(address = '192.0.2.1', overrides: Partial<AddressResult> = {}): AddressResult {
  return {
    address,
    family: 4,
    port: 25,
    connected: true,
    banner: ['mx ESMTP'],
    extensions: ['PIPELINING', 'STARTTLS'],
    heloFallback: false,
    starttls: true,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    legacyProtocols: null,
    certificate: cert(),
    failure: null,
    durationMs: 5,
    ...overrides,
  };
}

export const noStarttls = (address = '192.0.2.1') =>
  addr(address, { starttls: false, tls: null, certificate: null, extensions: ['PIPELINING'] });

/** The session ended before EHLO (timeout, 421, refused): STARTTLS unknown. */
export const cutOff = (address = '192.0.2.1', reason: Reason = 'timeout', phase: Failure['phase'] = 'banner') =>
  addr(address, { connected: reason !== 'connection-refused', banner: null, extensions: null, starttls: null, tls: null, certificate: null, failure: { phase, reason, message: reason } });

export function mx(host: string, preference: number, addresses: AddressResult[]): MxHostResult {
  return { host, preference, implicit: false, dnsFailure: null, addresses };
}

export const delivered = (transport: Transport, via = 'mx.acme.test', reasons: Reason[] = []): SettingVerdict => ({
  deliverable: true,
  transport,
  via,
  viaAddress: '192.0.2.1',
  reasons,
});

export const notDelivered = (...reasons: Reason[]): SettingVerdict => ({ deliverable: false, transport: null, via: null, viaAddress: null, reasons });

export const undetermined = (...reasons: Reason[]): SettingVerdict => ({ deliverable: null, transport: null, via: null, viaAddress: null, reasons });

export function safeSettings(via = 'mx.acme.test'): SettingVerdicts {
  return {
    preferred: delivered('tls', via),
    required: delivered('tls', via),
    'preferred-verify': delivered('verified-tls', via),
    'required-verify': delivered('verified-tls', via),
  };
}

/** A domain result; `settings` may override single settings. */
export function domain(
  name: string | null,
  options: { input?: string; mx?: MxHostResult[]; settings?: Partial<Record<SettingName, SettingVerdict>>; dns?: DomainResult['dns'] } = {},
): DomainResult {
  const host = name ? `mx.${name}` : 'mx.invalid';
  return {
    input: options.input ?? name ?? 'not a domain',
    domain: name,
    dns: options.dns ?? { outcome: 'mx', reason: null, message: null },
    mx: options.mx ?? [mx(host, 10, [addr()])],
    settings: { ...safeSettings(host), ...options.settings },
    durationMs: 20,
    recipients: 1,
    sources: ['argument 1'],
    gateSetting: null,
  };
}

export function report(results: DomainResult[], generatedAt = '2025-01-01T00:00:00.000Z'): Report {
  return { schemaVersion: 1, generatedAt, results, notes: [], gate: null, interrupted: null, baseline: null };
}
