/**
 * Shared by the world tests: a scripted SMTP server for the length of one test body, the raw
 * client walked up to STARTTLS, the test root to verify against, and the problems a scenario
 * file is refused with.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pkiPath } from '../../src/world/fixtures.js';
import { parseScenario, ScenarioError } from '../../src/world/scenario.js';
import { startSmtpServer, type RunningSmtpServer, type SmtpServerSpec } from '../../src/world/smtp-server.js';
import { RawClient } from './raw-client.js';

/** The test PKI's root (PEM), for a client that verifies the server. */
export const ca = readFileSync(pkiPath('root.pem'), 'utf8');

/** Where the scripted servers listen: loopback, on a port the system picks. */
export const LOOPBACK = { host: '127.0.0.1', port: 0 };

/** Runs `body` against a server started from `spec`, and closes the server whatever happens. */
export async function withServer(spec: SmtpServerSpec, body: (server: RunningSmtpServer) => Promise<void>): Promise<void> {
  const server = await startSmtpServer(spec, LOOPBACK);
  try {
    await body(server);
  } finally {
    await server.close();
  }
}

/** Connects, reads the banner, EHLO, STARTTLS; returns the client before the handshake. */
export async function upToStarttls(server: RunningSmtpServer): Promise<RawClient> {
  const client = await RawClient.connect(server.address, server.port);
  assert.equal((await client.reply()).code, 220);
  client.send('EHLO client.test');
  assert.equal((await client.reply()).code, 250);
  client.send('STARTTLS');
  assert.equal((await client.reply()).code, 220);
  return client;
}

/** Every problem parseScenario names for `value`; none when it parses. */
export function problemsOf(value: unknown): string[] {
  try {
    parseScenario(value, 'test');
  } catch (error) {
    assert.ok(error instanceof ScenarioError);
    return error.problems;
  }
  return [];
}
