/**
 * One connection to the scripted test SMTP server: reads command lines, answers from the
 * resolved spec, upgrades to TLS on STARTTLS. Never throws on client misbehaviour or resets.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { LONG_LINE_BYTES, offersStarttls, type ResolvedSpec } from './smtp-spec.js';

/** Counters shared by all sessions of one server. */
export interface SmtpServerStats {
  /** TCP connections accepted. */
  connections: number;
  /** Most connections open at the same time. */
  maxConcurrent: number;
  /** Every command line received, in order, plaintext and TLS (without CRLF; not DATA content). */
  commands: string[];
  /** QUIT commands received. */
  quitCount: number;
  /** TLS handshakes completed. */
  tlsSessions: number;
  /**
   * Command lines that arrived before the reply to the previous command (or the greeting) was
   * written. PIPELINING is not honoured on purpose: the client under test must never pipeline.
   */
  pipelinedViolations: number;
}

export interface SessionContext {
  /** Called when the client says QUIT, before the 221 goes out. */
  onQuit?: () => void;
  spec: ResolvedSpec;
  /** null when the server has no certificate. */
  secureContext: SecureContext | null;
  stats: SmtpServerStats;
}

/** Beyond this many buffered bytes without a line end the session is dropped. */
const MAX_LINE_BUFFER = 64 * 1024;
const GARBAGE = Buffer.from('HTTP/1.1 400 Bad Request\r\nThis is not TLS at all.\r\n\r\n', 'latin1');
/** 64 continuation lines per write under ehloMode 'endless' (4 kB). */
const ENDLESS_CHUNK = Buffer.from('250-X-ENDLESS-EXTENSION-LINE-0123456789-0123456789-0123456789\r\n'.repeat(64), 'latin1');

export function formatReply(code: number, lines: string[]): string {
  const all = lines.length === 0 ? [''] : lines;
  return all.map((line, i) => `${code}${i === all.length - 1 ? ' ' : '-'}${line}\r\n`).join('');
}

export class ScriptedSession {
  private secure: TLSSocket | null = null;
  private buffer = '';
  /** Greeting fully written: a command arriving now was sent after it, as it must be. */
  private greetingWritten = false;
  /** Greeting fully written and not a 421: commands are answered. */
  private ready = false;
  /** Lines received but not yet answered (arrived during the greeting). */
  private queue: string[] = [];
  private inData = false;
  /** No longer listening (STARTTLS answered with garbage / reset / stall, an endless reply): all further input is ignored. */
  private deaf = false;
  private timer: NodeJS.Timeout | null = null;
  private destroyed = false;
  private readonly onRawData = (chunk: Buffer): void => this.receive(chunk);

  constructor(
    private readonly raw: Socket,
    private readonly ctx: SessionContext,
  ) {
    raw.on('error', () => this.destroy());
    raw.on('close', () => this.destroy());
    raw.on('data', this.onRawData);
  }

  start(): void {
    const { banner, bannerCode, bannerChunkBytes, bannerChunkDelayMs, greeting, rawReplies } = this.ctx.spec;
    if (banner === null) return;
    if (greeting === 'close') return void this.raw.end();
    if (greeting === 'drip') return this.drip(Buffer.from(`${bannerCode}-${banner[0] ?? ''}\r\n`, 'latin1'));
    if (greeting === 'long-line') {
      // One write: the client must cope with a line far beyond its cap arriving at full speed.
      this.raw.write(Buffer.concat([Buffer.from(`${bannerCode} `, 'latin1'), Buffer.alloc(LONG_LINE_BYTES, 'x')]));
      return;
    }
    const bytes = Buffer.from(rawReplies.banner ?? formatReply(bannerCode, banner), 'latin1');
    const size = bannerChunkBytes ?? bytes.length;
    const writeFrom = (offset: number): void => {
      if (this.destroyed) return;
      this.raw.write(bytes.subarray(offset, offset + size));
      if (offset + size < bytes.length) {
        this.timer = setTimeout(() => writeFrom(offset + size), bannerChunkDelayMs);
      } else {
        this.greeted();
      }
    };
    writeFrom(0);
  }

  /** Tear down; the TLS socket first (Node 20 has crashed destroying both in one tick). */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.secure !== null) {
      this.secure.destroy();
      setImmediate(() => this.raw.destroy());
    } else {
      this.raw.destroy();
    }
  }

  /** One byte of `line` every dripMs, round and round, until the connection ends. */
  private drip(line: Buffer): void {
    let offset = 0;
    const next = (): void => {
      if (this.destroyed) return;
      this.raw.write(line.subarray(offset, offset + 1));
      offset = (offset + 1) % line.length;
      this.timer = setTimeout(next, this.ctx.spec.dripMs);
    };
    next();
  }

  /** `250-` lines until the connection ends, honouring back-pressure so our memory stays flat. */
  private endless(out: Socket): void {
    this.deaf = true;
    const pump = (): void => {
      while (!this.destroyed && out.writable) {
        if (!out.write(ENDLESS_CHUNK)) {
          out.once('drain', pump);
          return;
        }
      }
    };
    pump();
  }

  private greeted(): void {
    this.greetingWritten = true;
    if (this.ctx.spec.bannerCode === 421) {
      this.raw.end();
      return;
    }
    this.ready = true;
    this.drain();
  }

  private receive(chunk: Buffer): void {
    if (this.deaf || this.destroyed) return;
    this.buffer += chunk.toString('latin1');
    let end: number;
    let first = true;
    while ((end = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      // A second line in one read, or any line before the greeting, was sent before our reply.
      if (!this.inData) {
        this.ctx.stats.commands.push(line);
        if (!this.greetingWritten || !first) this.ctx.stats.pipelinedViolations += 1;
      }
      first = false;
      this.queue.push(line);
    }
    if (this.buffer.length > MAX_LINE_BUFFER) {
      this.destroy();
      return;
    }
    this.drain();
  }

  private drain(): void {
    while (this.ready && !this.deaf && !this.destroyed && this.queue.length > 0) {
      this.handle(this.queue.shift() as string);
    }
  }

  /** Plaintext pipelined behind STARTTLS (recorded on arrival) is discarded unanswered (RFC 3207 §4.2). */
  private discardPlaintext(): void {
    this.queue = [];
    this.buffer = '';
  }

  /** Write a reply (or, when given, the raw bytes that replace it); a 421 closes (RFC 5321 §3.8). */
  private reply(code: number, lines: string[], raw?: string): void {
    const out = this.secure ?? this.raw;
    out.write(raw === undefined ? formatReply(code, lines) : Buffer.from(raw, 'latin1'));
    if (code === 421) out.end();
  }

  private handle(line: string): void {
    if (this.inData) {
      if (line === '.') {
        this.inData = false;
        this.reply(250, ['2.0.0 OK queued (test world: discarded)']);
      }
      return;
    }
    const spec = this.ctx.spec;
    const verb = (line.split(' ')[0] ?? '').toUpperCase();
    if (spec.bannerCode !== 220) {
      // A refusing greeting: only QUIT is meaningful (RFC 5321 §3.1).
      if (verb === 'QUIT') this.quit();
      else this.reply(503, ['5.5.1 Bad sequence of commands']);
      return;
    }
    switch (verb) {
      case 'EHLO':
        return this.ehlo(line);
      case 'HELO':
        return this.reply(250, [spec.hostname]);
      case 'STARTTLS':
        return this.starttls();
      case 'QUIT':
        return this.quit();
      case 'NOOP':
      case 'RSET':
        return this.reply(250, ['2.0.0 OK']);
      case 'MAIL':
        return this.reply(250, ['2.1.0 OK']);
      case 'RCPT':
        return this.reply(250, ['2.1.5 OK']);
      case 'DATA':
        this.inData = true;
        return this.reply(354, ['End data with <CR><LF>.<CR><LF>']);
      default:
        return this.reply(500, ['5.5.2 Command unrecognized']);
    }
  }

  private ehlo(line: string): void {
    const spec = this.ctx.spec;
    const tls = this.secure !== null;
    const code = tls ? spec.ehloTlsCode : spec.ehloCode;
    if (code !== 250) {
      const text = tls ? 'EHLO not accepted now' : 'EHLO not accepted, try HELO';
      return this.reply(code, [`${code >= 500 ? '5' : '4'}.5.2 ${text}`], tls ? undefined : spec.rawReplies.ehlo);
    }
    if (!tls && spec.ehloMode === 'endless') return this.endless(this.raw);
    const client = line.slice(5).trim() || 'unknown';
    // After TLS the client starts over and STARTTLS is no longer offered (RFC 3207 §4.2).
    const extensions = tls ? spec.extensionsTls : spec.extensions;
    this.reply(250, [`${spec.hostname} greets ${client}`, ...extensions], tls ? undefined : spec.rawReplies.ehlo);
  }

  private quit(): void {
    this.ctx.stats.quitCount += 1;
    this.ctx.onQuit?.();
    const out = this.secure ?? this.raw;
    out.write(formatReply(221, ['2.0.0 Bye']));
    out.end();
  }

  private starttls(): void {
    const spec = this.ctx.spec;
    if (this.secure !== null) return this.reply(503, ['5.5.1 TLS already active']);
    if (!offersStarttls(spec)) return this.reply(502, ['5.5.1 Command not implemented']);
    const handshakes = spec.starttls === 'accept' || spec.starttls === 'pipeline-injection';
    // No certificate (allowed when the spec never meant a handshake to happen, e.g. EHLO refused): refuse, never throw.
    if (spec.starttls === 'reject' || (handshakes && this.ctx.secureContext === null)) {
      return this.reply(spec.starttlsCode, [`${spec.starttlsCode >= 500 ? '5' : '4'}.7.0 TLS not available`], spec.rawReplies.starttls);
    }
    this.raw.removeListener('data', this.onRawData);
    this.discardPlaintext();
    const ready = spec.rawReplies.starttls ?? formatReply(220, ['2.0.0 Ready to start TLS']);
    if (!handshakes) {
      this.deaf = true;
      this.raw.write(Buffer.from(ready, 'latin1'));
      // React to the ClientHello, not to the 220: what follows must reach the client's TLS layer.
      this.raw.once('data', () => this.afterClientHello());
      return;
    }
    const injected = spec.starttls === 'pipeline-injection' ? formatReply(250, ['evil.example', 'STARTTLS']) : '';
    this.raw.write(Buffer.from(ready + injected, 'latin1'));
    this.upgrade();
  }

  /** The ClientHello arrived and this server never handshakes: garbage, a reset, or nothing at all. */
  private afterClientHello(): void {
    if (this.destroyed) return;
    const behaviour = this.ctx.spec.starttls;
    if (behaviour === 'garbage') this.raw.end(GARBAGE);
    else if (behaviour === 'reset') this.raw.resetAndDestroy();
    // 'stall': keep reading (so the client's writes never block) and say nothing, ever.
    else this.raw.on('data', () => undefined);
  }

  private upgrade(): void {
    if (this.ctx.secureContext === null) throw new Error('STARTTLS accepted without a certificate (spec not validated)');
    const secure = new TLSSocket(this.raw, { isServer: true, secureContext: this.ctx.secureContext });
    this.secure = secure;
    secure.on('error', () => this.destroy());
    secure.on('secure', () => {
      this.ctx.stats.tlsSessions += 1;
    });
    secure.on('data', (chunk: Buffer) => this.receive(chunk));
  }
}
