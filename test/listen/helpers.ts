/**
 * Senders for the listener tests: nodemailer, a real SMTP client, in each of its TLS modes, and
 * a sender that retries in plaintext after a failed handshake (Preferred Verify as the Help
 * describes it). Certificate verification is never turned off to make a test pass: the modes
 * named `no-verify` play a sender under Preferred/Required, which is a legitimate mode under test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { DEFAULT_LISTEN_LIMITS, type ListenLimits } from '../../src/listen/limits.js';
import { startListener, type Listener } from '../../src/listen/listener.js';
import type { PostureCertificate } from '../../src/listen/certificates.js';
import type { ListenSession, Posture } from '../../src/model/listen.js';
import { fixturesDir } from '../../src/world/scenario.js';

export const LISTENER_NAME = 'mx.listen.test';

/** How the test sender treats TLS. */
export const SENDER_MODES = [
  'plaintext', // ignoreTLS: never tries STARTTLS
  'opportunistic-no-verify', // STARTTLS when offered, any certificate, plaintext when not offered (Preferred)
  'require-no-verify', // STARTTLS or nothing, any certificate (Required)
  'opportunistic-verify', // STARTTLS when offered, verified; plaintext when not offered (Preferred Verify, API reading)
  'require-verify', // verified STARTTLS or nothing (Required Verify)
  'verify-then-plaintext', // verified STARTTLS; after a failed handshake retries in plaintext (Preferred Verify, Help reading)
] as const;
export type SenderMode = (typeof SENDER_MODES)[number];

export interface Started {
  listener: Listener;
  sessions: ListenSession[];
  /** Resolves when n sessions have been recorded. */
  sessionsRecorded(n: number): Promise<ListenSession[]>;
}

export async function startTestListener(
  posture: Posture,
  extra: {
    limits?: Partial<ListenLimits>;
    tempfail?: boolean;
    certificate?: PostureCertificate | null;
    host?: string;
    name?: string;
    now?: () => number;
  } = {},
): Promise<Started> {
  const sessions: ListenSession[] = [];
  const waiters: { n: number; resolve: (s: ListenSession[]) => void }[] = [];
  const listener = await startListener(
    {
      posture,
      host: extra.host ?? '127.0.0.1',
      port: 0,
      name: extra.name ?? LISTENER_NAME,
      certificate: extra.certificate ?? null,
      tempfail: extra.tempfail ?? false,
      limits: { ...DEFAULT_LISTEN_LIMITS, ...extra.limits },
      ...(extra.now ? { now: extra.now } : {}),
    },
    (session) => {
      sessions.push(session);
      for (const waiter of waiters.filter((w) => sessions.length >= w.n)) waiter.resolve([...sessions]);
    },
  );
  return {
    listener,
    sessions,
    sessionsRecorded: (n) =>
      sessions.length >= n ? Promise.resolve([...sessions]) : new Promise((resolve) => waiters.push({ n, resolve })),
  };
}

export interface SendResult {
  /** The error the sender ended with (the listener refuses every message, so every sender ends with one). */
  error: string;
  /** SMTP reply code of the refusal, when it got that far. */
  responseCode: number | null;
}

/** Who the test sender says it is and what it trusts. */
export interface SenderIdentity {
  /** A certificate the verifying modes trust (PEM); null: the system's roots only. */
  trust?: string | null;
  /** The name sent in SNI and verified; null: connect by address only, so no SNI is sent. */
  servername?: string | null;
  /** The EHLO name. */
  ehlo?: string;
}

async function sendOnce(
  listener: Listener,
  tls: { use: 'ignore' | 'opportunistic' | 'require'; verify: boolean },
  who: SenderIdentity,
): Promise<SendResult & { tlsFailed: boolean }> {
  const servername = who.servername === undefined ? LISTENER_NAME : who.servername;
  const transport = nodemailer.createTransport({
    host: listener.address,
    port: listener.port,
    secure: false,
    ignoreTLS: tls.use === 'ignore',
    requireTLS: tls.use === 'require',
    name: who.ehlo ?? 'sender.test',
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
    tls: {
      rejectUnauthorized: tls.verify,
      ...(servername === null ? {} : { servername }),
      ...(who.trust ? { ca: [who.trust] } : {}),
    },
  });
  try {
    await transport.sendMail({ from: 'sender@sender.test', to: 'someone@listen.test', subject: 'test', text: 'test' });
    return { error: 'accepted', responseCode: 250, tlsFailed: false };
  } catch (error) {
    const e = error as Error & { responseCode?: number; code?: string };
    const tlsFailed =
      e.responseCode === undefined && /tls|ssl|certificate|self.signed|alert|altnames|expired|ETLS/i.test(`${e.code} ${e.message}`);
    return { error: `${e.code ?? ''} ${e.message}`, responseCode: e.responseCode ?? null, tlsFailed };
  } finally {
    transport.close();
  }
}

/**
 * Sends one message as a sender in the given mode. `trust` (or `who.trust`): a certificate the
 * verifying modes trust (the listener's own), so a wrong-name or expired certificate fails for
 * that reason alone.
 */
export async function send(listener: Listener, mode: SenderMode, trust: string | SenderIdentity | null = null): Promise<SendResult[]> {
  const who: SenderIdentity = typeof trust === 'object' && trust !== null ? trust : { trust };
  switch (mode) {
    case 'plaintext':
      return [await sendOnce(listener, { use: 'ignore', verify: false }, who)];
    case 'opportunistic-no-verify':
      return [await sendOnce(listener, { use: 'opportunistic', verify: false }, who)];
    case 'require-no-verify':
      return [await sendOnce(listener, { use: 'require', verify: false }, who)];
    case 'opportunistic-verify':
      return [await sendOnce(listener, { use: 'opportunistic', verify: true }, who)];
    case 'require-verify':
      return [await sendOnce(listener, { use: 'require', verify: true }, who)];
    case 'verify-then-plaintext': {
      const first = await sendOnce(listener, { use: 'opportunistic', verify: true }, who);
      if (!first.tlsFailed) return [first];
      return [first, await sendOnce(listener, { use: 'ignore', verify: false }, who)];
    }
  }
}

/** The test PKI's trusted leaf for the valid posture (mx.valid.test, issued under root.pem). */
export function validPki(): { certificate: PostureCertificate; root: string; name: string } {
  const pki = join(fixturesDir(), 'pki');
  return {
    certificate: { cert: readFileSync(join(pki, 'valid.chain.pem'), 'utf8'), key: readFileSync(join(pki, 'valid.key.pem'), 'utf8') },
    root: readFileSync(join(pki, 'root.pem'), 'utf8'),
    name: 'mx.valid.test',
  };
}
