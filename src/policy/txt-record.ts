/**
 * The shape MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) records share: among a name's TXT
 * records, those starting with their version tag are candidates, and only exactly one counts; a
 * record is `;`-separated fields with optional blanks around each and an optional trailing `;`.
 */

export type RecordChoice = { kind: 'none' } | { kind: 'multiple'; count: number } | { kind: 'one'; text: string };

/** The one record `candidate` recognises among `texts`, or why there is none to use. */
export function chooseRecord(texts: readonly string[], candidate: RegExp): RecordChoice {
  const candidates = texts.filter((text) => candidate.test(text));
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length > 1) return { kind: 'multiple', count: candidates.length };
  return { kind: 'one', text: candidates[0]! };
}

/** The record's fields, blanks around each trimmed, an optional trailing delimiter dropped. */
export function recordFields(text: string): string[] {
  const fields = text.split(';').map((field) => field.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}
