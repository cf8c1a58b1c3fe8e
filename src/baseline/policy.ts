/** Readers for a result's `policy` (MTA-STS, DANE, TLS-RPT) read back from a report file. */
import {
  DANE_FINDINGS,
  DANE_STATUSES,
  HONOURING_OUTCOMES,
  MTA_STS_FINDINGS,
  MTA_STS_MODES,
  TLS_RPT_FINDINGS,
  type DaneHostJudgement,
  type DanePolicy,
  type DomainPolicies,
  type MtaStsHostJudgement,
  type MtaStsPolicy,
  type TlsaRecord,
  type TlsRptPolicy,
} from '../model/policy.js';
import { asArray, asBoolean, asNullable, asNumber, asOneOf, asRecord, asString, type Reader } from './fields.js';

const asStrings = asArray(asString);

const asTlsa: Reader<TlsaRecord> = asRecord<TlsaRecord>({ usage: asNumber, selector: asNumber, matchingType: asNumber, data: asString });

const asMtaSts: Reader<MtaStsPolicy> = asRecord<MtaStsPolicy>({
  id: asNullable(asString),
  policy: asNullable(
    asRecord<NonNullable<MtaStsPolicy['policy']>>({ mode: asOneOf(MTA_STS_MODES, 'an MTA-STS mode'), mx: asStrings, maxAge: asNumber }),
  ),
  hosts: asArray(
    asRecord<MtaStsHostJudgement>({
      host: asString,
      matchesPattern: asBoolean,
      certificateValid: asNullable(asBoolean),
      satisfiesPolicy: asNullable(asBoolean),
    }),
  ),
  findings: asArray(asOneOf(MTA_STS_FINDINGS, 'an MTA-STS finding')),
  messages: asStrings,
  honouringSender: asRecord<MtaStsPolicy['honouringSender']>({
    outcome: asOneOf(HONOURING_OUTCOMES, 'an MTA-STS sender outcome'),
    message: asString,
  }),
});

const asDane: Reader<DanePolicy> = asRecord<DanePolicy>({
  resolverTrusted: asBoolean,
  hosts: asArray(
    asRecord<DaneHostJudgement>({
      host: asString,
      port: asNumber,
      tlsaName: asString,
      status: asOneOf(DANE_STATUSES, 'a DANE status'),
      records: asArray(asTlsa),
      addresses: asArray(
        asRecord<DaneHostJudgement['addresses'][number]>({
          address: asString,
          matched: asNullable(asBoolean),
          matchedRecord: asNullable(asTlsa),
        }),
      ),
      suggestedRecord: asNullable(asTlsa),
    }),
  ),
  findings: asArray(asOneOf(DANE_FINDINGS, 'a DANE finding')),
  messages: asStrings,
});

const asTlsRpt: Reader<TlsRptPolicy> = asRecord<TlsRptPolicy>({
  rua: asStrings,
  findings: asArray(asOneOf(TLS_RPT_FINDINGS, 'a TLS-RPT finding')),
  messages: asStrings,
});

export const asPolicies: Reader<DomainPolicies> = asRecord<DomainPolicies>({
  mtaSts: asNullable(asMtaSts),
  dane: asNullable(asDane),
  tlsRpt: asNullable(asTlsRpt),
});
