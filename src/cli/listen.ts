/**
 * `tlscheck listen`: parse (done by the caller), run the listener, stream the renderings, exit
 * with the gate's answer. Ctrl-C is how a listen run normally ends: it prints the summary and
 * exits with what the gate says (0 without --expect), not 130.
 */
import { EXIT } from '../model/exit-codes.js';
import { listenExitCode } from '../listen/judge.js';
import { DEFAULT_LISTEN_LIMITS } from '../listen/limits.js';
import { ListenerBindError } from '../listen/listener.js';
import { runListen } from '../listen/run.js';
import type { ListenSession } from '../model/listen.js';
import {
  LISTEN_FORMATS,
  listenHeader,
  renderClientsNdjson,
  renderListenJson,
  renderListenSummary,
  renderSessionLine,
  renderSessionNdjson,
  type ListenFormat,
} from '../render/listen.js';
import { renderListenHtml } from '../render/html-listen.js';
import { usableWidth } from '../render/layout.js';
import { say, terminalStyle, type Io } from './io.js';
import { defaultName, readPem, type ListenCliOptions } from './listen-options.js';
import { UsageError, type CliOptions } from './options.js';
import { openSink, type Sink } from './sink.js';

interface Output {
  format: ListenFormat;
  sink: Sink;
}

function listenFormat(format: string, where: string): ListenFormat {
  if (!(LISTEN_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`listen writes ${LISTEN_FORMATS.join(', ')}; ${where} asks for "${format}"`);
  return format as ListenFormat;
}

/** What to do about a port that cannot be bound: the message and the two usual ways around it. */
export function bindAdvice(error: ListenerBindError, port: number): string {
  if (error.code === 'EACCES')
    return (
      `cannot listen on port ${port}: permission denied (ports below 1024 need privileges). Either let node bind it ` +
      `(sudo setcap cap_net_bind_service=+ep "$(readlink -f "$(command -v node)")", or run as root), or listen on a high ` +
      `port (--port 2525) and forward port 25 to it (sudo iptables -t nat -A PREROUTING -p tcp --dport 25 -j REDIRECT --to-ports 2525)`
    );
  if (error.code === 'EADDRINUSE')
    return (
      `cannot listen on port ${port}: another program has it (a local MTA such as Postfix?). Either stop it for the test ` +
      `(e.g. sudo systemctl stop postfix), or run tlscheck listen on another host whose port 25 is free`
    );
  return `cannot listen on port ${port}: ${error.message}`;
}

export async function runListenCommand(listen: ListenCliOptions, globals: CliOptions, io: Io, signal: AbortSignal): Promise<number> {
  const certificate =
    listen.posture === 'valid' && listen.cert && listen.key
      ? { cert: readPem(listen.cert, '--cert'), key: readPem(listen.key, '--key') }
      : null;
  const targets = globals.output.length > 0 ? globals.output : [{ format: null, file: null }];
  const wanted = targets.map((t) => ({
    format: listenFormat(t.format ?? globals.format, t.format ? '--output' : '--format'),
    file: t.file,
  }));
  const outputs: Output[] = [];
  for (const target of wanted) outputs.push({ format: target.format, sink: await openSink(target.file, io) });
  const paintFor = (sink: Sink) =>
    sink.isTerminal ? terminalStyle(io) : terminalStyle({ ...io, env: { ...io.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  // Read at every write: a terminal left open for a long run may be resized.
  const widthFor = (sink: Sink) => usableWidth((io.stdout as { columns?: number }).columns, sink.isTerminal);
  const write = (session: ListenSession) => {
    for (const { format, sink } of outputs) {
      if (format === 'table') sink.write(renderSessionLine(session, paintFor(sink), widthFor(sink)));
      if (format === 'ndjson') sink.write(renderSessionNdjson(session));
    }
  };
  try {
    const report = await runListen(
      {
        posture: listen.posture,
        host: listen.address,
        port: globals.port,
        name: listen.name ?? defaultName(),
        certificate,
        tempfail: listen.tempfail,
        limits: DEFAULT_LISTEN_LIMITS,
        windowMs: listen.window,
        durationMs: listen.duration,
        maxSessions: listen.sessions,
      },
      {
        listening: (listener) => io.stderr.write(listenHeader(listen.posture, listener.address, listener.port)),
        session: write,
      },
      signal,
    );
    for (const { format, sink } of outputs) {
      if (format === 'table') sink.write(renderListenSummary(report, paintFor(sink), widthFor(sink)));
      if (format === 'ndjson') sink.write(renderClientsNdjson(report));
      if (format === 'json') sink.write(renderListenJson(report));
      if (format === 'html') sink.write(renderListenHtml(report));
    }
    return listenExitCode(report.clients, listen.expect);
  } catch (error) {
    if (error instanceof ListenerBindError) {
      say(io, bindAdvice(error, globals.port));
      return EXIT.usage;
    }
    throw error;
  } finally {
    for (const { sink } of outputs) await sink.close();
  }
}
