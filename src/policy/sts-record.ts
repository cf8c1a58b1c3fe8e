/**
 * The MTA-STS TXT record at _mta-sts.<domain> (RFC 8461 §3.1): "v=STSv1; id=<1-32 letters or
 * digits>", other fields allowed. Pure.
 */

import { chooseRecord, recordFields } from './txt-record.js';

export type StsRecordParse =
  /** No record that looks like MTA-STS: the domain publishes no policy. */
  | { kind: 'none' }
  | { kind: 'valid'; id: string }
  /** More than one record starting with v=STS: a sender assumes no policy (RFC 8461 §3.1). */
  | { kind: 'multiple'; count: number }
  | { kind: 'invalid'; problem: string };

/** Records that mean to be MTA-STS records: a sender looks at those starting with v=STSv1; we also catch misspelt versions. */
const CANDIDATE = /^\s*v\s*=\s*sts/i;

export function parseStsRecords(texts: readonly string[]): StsRecordParse {
  const choice = chooseRecord(texts, CANDIDATE);
  return choice.kind === 'one' ? parseStsRecord(choice.text) : choice;
}

function parseStsRecord(text: string): StsRecordParse {
  const fields = recordFields(text);
  if (fields[0] !== 'v=STSv1') return { kind: 'invalid', problem: `the record starts with "${fields[0] ?? ''}", not "v=STSv1"` };
  const ids = fields.filter((field) => field.startsWith('id='));
  if (ids.length === 0) return { kind: 'invalid', problem: 'the record has no id field' };
  if (ids.length > 1) return { kind: 'invalid', problem: 'the record has more than one id field' };
  const id = ids[0]!.slice(3);
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) return { kind: 'invalid', problem: `the id "${id}" is not 1 to 32 letters and digits` };
  if (fields.some((field) => field === '' || !field.includes('=')))
    return { kind: 'invalid', problem: 'the record has an empty or malformed field' };
  return { kind: 'valid', id };
}
