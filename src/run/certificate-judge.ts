/**
 * The certificate judgement the verdict is given (it stays independent of the TLS module): the
 * setting's verification against the certificate report, with the names of this domain, its MX
 * host and --tls-domain.
 */
import type { CertificateReasons } from '../verdict/address.js';
import { reasonsUnder } from '../tls/analyze.js';
import type { RunContext } from './run-context.js';

export function settingCertificateReasons(domain: string | null, ctx: Pick<RunContext, 'tlsDomain'>): CertificateReasons {
  return (certificate, verification, mxHost) =>
    reasonsUnder(certificate, verification, { mxHost, domain: domain ?? '', configured: ctx.tlsDomain });
}
