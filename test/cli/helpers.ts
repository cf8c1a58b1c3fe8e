/** Spawning the built binary as a user would, and pointing it at a loopback world. */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { World } from '../../src/world/world.js';

export const BIN = fileURLToPath(new URL('../../../bin/tlscheck.js', import.meta.url));

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function tlscheck(args: string[], options: { env?: Record<string, string>; stdin?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

/** Starts the binary without waiting for it (for signals). */
export function start(args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The options that aim the tool at a world: its resolver, its SMTP and policy HTTPS ports, its test root CA, short deadlines. */
export function worldArgs(world: World, ...rest: string[]): string[] {
  return [
    '--resolver',
    `${world.dns.host}:${world.dns.port}`,
    '--port',
    String(world.smtpPort),
    '--policy-port',
    String(world.policyServer.port),
    '--ca-file',
    world.caFile,
    '--timeout',
    '1000',
    '--retry-delay',
    '10',
    ...rest,
  ];
}
