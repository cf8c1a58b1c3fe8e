/** Builders of whole reports for the renderer tests, with hostile strings where servers put text. */
import type { DomainResult, Report, SettingVerdict, SettingVerdicts, Transport } from '../../src/model/report.js';
import type { SettingName } from '../../src/model/settings.js';
import type { Reason } from '../../src/model/vocabulary.js';
import { address, certificate, failed, host, noTls } from '../verdict/builders.js';

/** Everything a hostile server or input file might send: ANSI, NUL, bidi, pipes, markup, CDATA end. */
export const HOSTILE =
  "\u001b[31mred\u001b[0m\u0000|pipe|</testcase><x a='1'>&amp;]]>\u202eevil @everyone [link](http://x) `code` $x$ \ud800 \uffff\r\nnext";
/** The classic spreadsheet payload (OWASP CSV injection). */
export const FORMULA = "=cmd|' /C calc'!A0";

export function delivered(transport: Transport, via = 'mx.example.test', reasons: Reason[] = []): SettingVerdict {
  return { deliverable: true, transport, via, viaAddress: '192.0.2.1', reasons };
}

export function notDelivered(...reasons: Reason[]): SettingVerdict {
  return { deliverable: false, transport: null, via: null, viaAddress: null, reasons };
}

export function undetermined(...reasons: Reason[]): SettingVerdict {
  return { deliverable: null, transport: null, via: null, viaAddress: null, reasons };
}

export function verdicts(
  preferred: SettingVerdict,
  required: SettingVerdict,
  preferredVerify: SettingVerdict,
  requiredVerify: SettingVerdict,
): SettingVerdicts {
  return { preferred, required, 'preferred-verify': preferredVerify, 'required-verify': requiredVerify };
}

export function domainResult(domain: string, settings: SettingVerdicts, overrides: Partial<DomainResult> = {}): DomainResult {
  return {
    input: domain,
    domain,
    dns: { outcome: 'mx', reason: null, message: null },
    mx: [host(`mx.${domain}`, 10, [address()])],
    settings,
    durationMs: 250,
    recipients: 1,
    sources: ['argument 1'],
    gateSetting: null,
    ...overrides,
  };
}

/** Verified TLS under every setting. */
export const safe = (domain = 'safe.test', overrides: Partial<DomainResult> = {}) =>
  domainResult(domain, verdicts(delivered('tls'), delivered('tls'), delivered('verified-tls'), delivered('verified-tls')), overrides);

/** No STARTTLS: plaintext when preferred, not delivered when required. The banner is hostile. */
export const noStarttls = (domain = 'notls.test', overrides: Partial<DomainResult> = {}) =>
  domainResult(
    domain,
    verdicts(
      delivered('plaintext'),
      notDelivered('starttls-not-supported'),
      delivered('plaintext'),
      notDelivered('starttls-not-supported'),
    ),
    { mx: [host(`mx.${domain}`, 10, [noTls({ banner: [HOSTILE] })])], ...overrides },
  );

/** A timeout everywhere: undetermined under every setting. The failure message is hostile. */
export const slow = (domain = 'slow.test', overrides: Partial<DomainResult> = {}) =>
  domainResult(domain, verdicts(undetermined('timeout'), undetermined('timeout'), undetermined('timeout'), undetermined('timeout')), {
    mx: [host(`mx.${domain}`, 10, [failed({ phase: 'banner', reason: 'timeout', message: HOSTILE }, { starttls: null, banner: null })])],
    ...overrides,
  });

/** Self-signed: fine without verification, not delivered under the verify settings. */
export const selfSigned = (domain = 'selfsigned.test', overrides: Partial<DomainResult> = {}) =>
  domainResult(
    domain,
    verdicts(delivered('tls'), delivered('tls'), notDelivered('certificate-self-signed'), notDelivered('certificate-self-signed')),
    {
      mx: [
        host(`mx.${domain}`, 10, [
          address({ certificate: certificate({ subject: `CN=${HOSTILE}`, trusted: false, trustError: 'self-signed' }) }),
        ]),
      ],
      ...overrides,
    },
  );

/** An input that is not a domain at all (a spreadsheet formula from a contact list). */
export const invalidInput = (input = FORMULA, overrides: Partial<DomainResult> = {}) =>
  domainResult(
    input,
    verdicts(notDelivered('invalid-input'), notDelivered('invalid-input'), notDelivered('invalid-input'), notDelivered('invalid-input')),
    {
      domain: null,
      dns: { outcome: 'invalid-input', reason: 'invalid-input', message: `not a domain: ${input}` },
      mx: [],
      sources: ['contacts.csv:7'],
      ...overrides,
    },
  );

export function report(results: DomainResult[], overrides: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    generatedAt: '2025-01-02T03:04:05.678Z',
    results,
    notes: ['preferred-verify: judged strictly'],
    gate: null,
    interrupted: null,
    baseline: null,
    ...overrides,
  };
}

/** The same results, each judged under `setting` by the gate (or `preferred` when `unlisted` names it). */
export function gated(results: DomainResult[], setting: SettingName, unlisted: string[] = []): DomainResult[] {
  return results.map((result) => ({ ...result, gateSetting: unlisted.includes(result.domain ?? result.input) ? 'preferred' : setting }));
}
