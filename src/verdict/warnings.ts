/**
 * Certificates that work today but deserve attention: one expiring within --warn-days (an MTA that
 * verifies will refuse it the day after notAfter), or an RSA key under 2048 bits (OpenSSL's default
 * security level 2, used by current Postfix and most MTAs, refuses such keys). Shown with the
 * domain; they never change a verdict. Pure.
 */
import type { CertificateReport, CertificateWarning, MxHostResult } from '../model/report.js';

/** --warn-days default: three weeks, time to get a renewal through a change process. */
export const DEFAULT_WARN_DAYS = 21;

/** OpenSSL SECLEVEL 2 (the Debian and RHEL default) wants at least this many RSA bits. */
const MIN_RSA_BITS = 2048;

export function certificateWarnings(mx: readonly MxHostResult[], warnDays: number): CertificateWarning[] {
  const warnings: CertificateWarning[] = [];
  const seen = new Set<string>();
  for (const host of mx) {
    for (const address of host.addresses) {
      if (!address.certificate) continue;
      for (const { kind, message, brief } of problems(address.certificate, warnDays)) {
        const key = `${host.host}\u0000${kind}\u0000${address.certificate.subject}`;
        if (seen.has(key)) continue;
        seen.add(key);
        warnings.push({ kind, host: host.host, address: address.address, message, brief });
      }
    }
  }
  return warnings;
}

type Problem = Pick<CertificateWarning, 'kind' | 'message' | 'brief'>;

function problems(cert: CertificateReport, warnDays: number): Problem[] {
  const out: Problem[] = [];
  // An expired certificate is a trust error already, not a warning.
  if (cert.trustError !== 'expired' && cert.daysLeft >= 0 && cert.daysLeft < warnDays) {
    const when = cert.daysLeft === 0 ? 'today' : `in ${cert.daysLeft} day${cert.daysLeft === 1 ? '' : 's'}`;
    out.push({
      kind: 'certificate-expires-soon',
      message: `certificate expires ${when} (${cert.notAfter.slice(0, 10)})`,
      brief: cert.daysLeft === 0 ? 'expires today' : `expires ${cert.daysLeft}d`,
    });
  }
  if (cert.keyType.startsWith('RSA') && cert.keyBits !== null && cert.keyBits < MIN_RSA_BITS) {
    out.push({
      kind: 'weak-key',
      message: `${cert.keyType} ${cert.keyBits}-bit key: TLS stacks at OpenSSL security level 2 refuse keys under ${MIN_RSA_BITS} bits`,
      brief: `${cert.keyType} ${cert.keyBits}`,
    });
  }
  return out;
}
