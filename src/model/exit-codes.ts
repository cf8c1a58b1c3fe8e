/**
 * Exit codes, part of the command-line contract (README "Exit codes").
 *   0  ran; the gate (if any) holds
 *   1  --require: some domain would not be delivered under the setting; or --fail-on-regression
 *      and the baseline comparison found a regression
 *   2  usage or input error
 *   3  --require: no domain fails, but some could not be judged (timeouts, 421, SERVFAIL);
 *      --allow-undetermined turns this into 0
 *  70  internal error (a bug in tlscheck)
 * 130  interrupted (Ctrl-C): the report covers only what was checked
 */
export const EXIT = { ok: 0, gateFailed: 1, usage: 2, gateUndetermined: 3, internal: 70, interrupted: 130 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
