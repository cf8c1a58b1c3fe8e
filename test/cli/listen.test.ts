/** `tlscheck listen` as a user runs it: the binary, a real sender, the gate's exit code, the formats. */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ListenerBindError, type Listener } from '../../src/listen/listener.js';
import { bindAdvice } from '../../src/cli/listen.js';
import { send, type SenderMode } from '../listen/helpers.js';
import { start, tlscheck } from './helpers.js';
import { inTerminal, KEY, PTY_MISSING } from './pty.js';

async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer().listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `tlscheck listen` on a free loopback port and resolves once it waits for senders. */
async function startListen(args: string[], host = '127.0.0.1') {
  const port = await freePort(host);
  const child = start(['listen', '--address', host, '--port', String(port), '--name', 'mx.listen.test', ...args]);
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  while (!output.stderr.includes('Waiting for senders')) {
    if (child.exitCode !== null) assert.fail(`tlscheck listen exited early: ${output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, port, output, exited };
}

async function listenAndSend(args: string[], mode: SenderMode, host = '127.0.0.1') {
  const run = await startListen(['--sessions', '1', ...args], host);
  await send({ address: host, port: run.port } as Listener, mode);
  const [code] = await run.exited;
  return { code, stdout: run.output.stdout, stderr: run.output.stderr };
}

describe('tlscheck listen', () => {
  test('--expect enforced passes (0) for a sender that gives up without STARTTLS; ndjson lines', async () => {
    const run = await listenAndSend(['--posture', 'no-starttls', '--format', 'ndjson', '--expect', 'enforced'], 'require-no-verify');
    assert.equal(run.code, 0, run.stderr);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.deepEqual(
      lines.map((line) => line.type),
      ['session', 'client'],
    );
    assert.equal(lines[0]!.starttlsAttempted, true);
    assert.equal(lines[1]!.verdict, 'enforced');
  });

  test('--expect enforced fails (1) for a plaintext sender; the table names the verdict', async () => {
    const run = await listenAndSend(['--posture', 'no-starttls', '--expect', 'enforced'], 'opportunistic-no-verify');
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /MAIL FROM <sender@sender.test> in PLAINTEXT/);
    assert.match(run.stdout, /not-enforced +127\.0\.0\.1 \(1 session\): sent MAIL FROM in plaintext/);
  });

  test('--format json: one document with schemaVersion 1', async () => {
    const run = await listenAndSend(['--posture', 'untrusted', '--format', 'json'], 'require-verify');
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as {
      schemaVersion: number;
      listen: { posture: string; sessions: unknown[]; clients: { verdict: string }[] };
    };
    assert.equal(document.schemaVersion, 1);
    assert.equal(document.listen.posture, 'untrusted');
    assert.equal(document.listen.sessions.length, 1);
    assert.equal(document.listen.clients[0]!.verdict, 'enforced');
  });

  test('a port in use: a clear message and the ways around it (exit 2)', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const run = await tlscheck(['listen', '--posture', 'no-starttls', '--address', '127.0.0.1', '--port', String(port)]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /another program has it.*stop it for the test.*another host/s);
    } finally {
      server.close();
    }
  });

  test('usage: an unknown posture, csv format, and valid without a certificate exit 2', async () => {
    assert.equal((await tlscheck(['listen', '--posture', 'open-relay'])).code, 2);
    assert.equal((await tlscheck(['listen', '--posture', 'untrusted', '--format', 'csv'])).code, 2);
    assert.match((await tlscheck(['listen', '--posture', 'valid'])).stderr, /needs --cert/);
  });

  test('listening on ::1: the table names the IPv6 client in brackets', async () => {
    const run = await listenAndSend(['--posture', 'wrong-name'], 'require-no-verify', '::1');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /on \[::1\]:\d+/);
    assert.match(run.stdout, /\[::1\]:\d+ {2}EHLO sender\.test {2}TLS TLSv1\.3 /);
    assert.match(
      run.stdout,
      /not-enforced +\[::1\] \(1 session\): sent MAIL FROM over TLS despite STARTTLS with a certificate for another name/,
    );
  });

  test('Ctrl-C ends the run with the summary and the answer of the gate (0: the sender enforced)', async () => {
    const run = await startListen(['--posture', 'no-starttls', '--expect', 'enforced']);
    await send({ address: '127.0.0.1', port: run.port } as Listener, 'require-verify');
    while (!run.output.stdout.includes('EHLO sender.test')) await new Promise((resolve) => setTimeout(resolve, 50));
    run.child.kill('SIGINT');
    const [code] = await run.exited;
    assert.equal(code, 0, run.output.stderr);
    assert.match(run.output.stdout, /Summary \(no STARTTLS\): 1 session, ended by an interrupt \(Ctrl-C\)/);
    assert.match(run.output.stdout, /enforced +127\.0\.0\.1 \(1 session\): behaves like Required/);
  });

  test('Ctrl-C before any sender: exit 3 with --expect enforced (nothing decisive), 0 without', async () => {
    for (const [args, expected] of [
      [['--expect', 'enforced'], 3],
      [[], 0],
    ] as const) {
      const run = await startListen(['--posture', 'untrusted', '--format', 'json', ...args]);
      run.child.kill('SIGINT');
      const [code] = await run.exited;
      assert.equal(code, expected, run.output.stderr);
      const document = JSON.parse(run.output.stdout) as { listen: { stoppedBy: string; sessions: unknown[] } };
      assert.deepEqual([document.listen.stoppedBy, document.listen.sessions.length], ['interrupted', 0]);
    }
  });

  test('permission denied on port 25: the two ways around it (privileges, or a high port and a redirect)', () => {
    const advice = bindAdvice(new ListenerBindError('EACCES', 'listen EACCES: permission denied 0.0.0.0:25'), 25);
    assert.match(advice, /port 25: permission denied/);
    assert.match(advice, /setcap cap_net_bind_service=\+ep "\$\(readlink -f "\$\(command -v node\)"\)"/);
    assert.match(advice, /--port 2525.*--dport 25 -j REDIRECT --to-ports 2525/);
  });

  test('--duration ends the run; --output writes each format to its file (exit 3: nothing decisive arrived)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tlscheck-listen-'));
    try {
      const [json, ndjson, table] = ['run.json', 'run.ndjson', 'run.txt'].map((name) => join(dir, name));
      const run = await startListen([
        '--posture',
        'no-starttls',
        '--expect',
        'enforced',
        '--duration',
        '2s',
        '--output',
        `json:${json!}`,
        '--output',
        `ndjson:${ndjson!}`,
        '--output',
        `table:${table!}`,
      ]);
      // A port scanner: connects, says nothing decisive, leaves.
      const scanner = createConnection(run.port, '127.0.0.1');
      scanner.on('error', () => undefined);
      await once(scanner, 'data');
      scanner.end('QUIT\r\n');
      const [code] = await run.exited;
      assert.equal(code, 3, run.output.stderr);
      assert.equal(run.output.stdout, '', 'every rendering went to its file');
      const document = JSON.parse(readFileSync(json!, 'utf8')) as { listen: { stoppedBy: string; clients: { verdict: string }[] } };
      assert.equal(document.listen.stoppedBy, 'duration');
      assert.deepEqual(
        document.listen.clients.map((client) => client.verdict),
        ['inconclusive'],
      );
      assert.deepEqual(
        readFileSync(ndjson!, 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => (JSON.parse(line) as { type: string }).type),
        ['session', 'client'],
      );
      assert.match(readFileSync(table!, 'utf8'), /Summary \(no STARTTLS\): 1 session, ended by --duration\n {2}inconclusive +127\.0\.0\.1/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(
    'in a 60-column terminal: lines wrap to fit, and Ctrl-C typed on the keyboard ends with the summary',
    { skip: PTY_MISSING },
    async () => {
      const port = await freePort();
      const tty = inTerminal(
        [
          'listen',
          '--posture',
          'no-starttls',
          '--address',
          '127.0.0.1',
          '--port',
          String(port),
          '--name',
          'mx.listen.test',
          '--expect',
          'enforced',
        ],
        { cols: 60 },
      );
      try {
        await tty.waitFor(/Waiting for senders/);
        await send({ address: '127.0.0.1', port } as Listener, 'opportunistic-no-verify');
        await tty.waitFor(/ended: the client/);
        tty.type(KEY.ctrlC);
        assert.equal(await tty.exit(), 1, 'the sender sent in plaintext: the gate fails');
        const screen = tty.output().replace(/\r/g, '');
        assert.match(screen, /not-enforced +127\.0\.0\.1 \(1 session\): sent MAIL FROM/);
        const session = screen.slice(screen.indexOf('EHLO sender.test') - 60, screen.indexOf('Summary'));
        assert.ok(session.includes('\n    '), `the session line wraps:\n${session}`);
        const report = screen.slice(screen.indexOf('\n', screen.indexOf('Waiting for senders')));
        for (const line of report.split('\n')) if (!line.startsWith('tlscheck:')) assert.ok(line.length <= 60, `${line.length}: ${line}`);
      } finally {
        tty.kill();
      }
    },
  );
});
