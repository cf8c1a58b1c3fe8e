/**
 * Small builders of whole reports for the baseline tests. The default domain is "safe": one MX
 * host, one address offering STARTTLS with a verified certificate, delivered under every setting.
 */
import type {
  AddressResult,
  CertificateReport,
  DomainResult,
  MxHostResult,
  Report,
  SettingVerdict,
  SettingVerdicts,
  Transport,
} from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import type { Failure, Reason } from '../../src/model/vocabulary.js';
import * as verdict from '../verdict/builders.js';

/** A verified certificate for mx.acme.test (the verdict tests' one, named for acme). */
export const cert = (overrides: Partial<CertificateReport> = {}): CertificateReport =>
  verdict.certificate({ subject: 'CN=mx.acme.test', names: ['mx.acme.test'], issuer: 'CN=Test CA', ...overrides });

/** An address that offered STARTTLS and completed TLS with a verified certificate. */
export const addr = (ip = '192.0.2.1', overrides: Partial<AddressResult> = {}): AddressResult =>
  verdict.address({ address: ip, banner: ['mx ESMTP'], certificate: cert(), durationMs: 5, ...overrides });

export const noStarttls = (address = '192.0.2.1') =>
  addr(address, { starttls: false, tls: null, certificate: null, extensions: ['PIPELINING'] });

/** The session ended before EHLO (timeout, 421, refused): STARTTLS unknown. */
export const cutOff = (address = '192.0.2.1', reason: Reason = 'timeout', phase: Failure['phase'] = 'banner') =>
  addr(address, {
    connected: reason !== 'connection-refused',
    banner: null,
    extensions: null,
    starttls: null,
    tls: null,
    certificate: null,
    failure: { phase, reason, message: reason },
  });

/** An MX host with its addresses, as the verdict tests build it. */
export const mx = verdict.host;

export const delivered = (transport: Transport, via = 'mx.acme.test', reasons: Reason[] = []): SettingVerdict => ({
  deliverable: true,
  transport,
  via,
  viaAddress: '192.0.2.1',
  reasons,
});

export const notDelivered = (...reasons: Reason[]): SettingVerdict => ({
  deliverable: false,
  transport: null,
  via: null,
  viaAddress: null,
  reasons,
});

export const undetermined = (...reasons: Reason[]): SettingVerdict => ({
  deliverable: null,
  transport: null,
  via: null,
  viaAddress: null,
  reasons,
});

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
