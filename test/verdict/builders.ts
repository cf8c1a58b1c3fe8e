/** Small builders of report parts for the pure verdict and render tests. */
import type { AddressResult, CertificateReport, DomainResult, MxHostResult } from '../../src/model/report.js';
import type { Failure } from '../../src/model/vocabulary.js';

export function certificate(overrides: Partial<CertificateReport> = {}): CertificateReport {
  return {
    subject: 'CN=mx.example.test',
    names: ['mx.example.test'],
    issuer: 'CN=tlscheck Test Intermediate CA',
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

export function address(overrides: Partial<AddressResult> = {}): AddressResult {
  return {
    address: '192.0.2.1',
    family: 4,
    port: 25,
    connected: true,
    banner: ['mx.example.test ESMTP'],
    extensions: ['PIPELINING', 'STARTTLS'],
    heloFallback: false,
    starttls: true,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384' },
    legacyProtocols: null,
    certificate: certificate(),
    failure: null,
    durationMs: 10,
    ...overrides,
  };
}

export const noTls = (overrides: Partial<AddressResult> = {}) =>
  address({ starttls: false, tls: null, certificate: null, extensions: ['PIPELINING'], ...overrides });

export const failed = (failure: Failure, overrides: Partial<AddressResult> = {}) =>
  address({ tls: null, certificate: null, failure, ...overrides });

export function host(name: string, preference: number, addresses: AddressResult[]): MxHostResult {
  return { host: name, preference, implicit: false, dnsFailure: null, addresses };
}

export function domainWith(mx: MxHostResult[]): Pick<DomainResult, 'dns' | 'mx'> {
  return { dns: { outcome: 'mx', reason: null, message: null }, mx };
}
