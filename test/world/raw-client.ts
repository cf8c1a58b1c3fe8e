/**
 * A deliberately simple SMTP client for testing the scripted server: raw bytes in, framed
 * replies out, STARTTLS by hand. Independent of src/smtp so the server is tested on its own.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';

export interface Reply {
  code: number;
  lines: string[];
}

export class RawClient {
  /** Every chunk received, as the 'data' events delivered them. */
  readonly chunks: Buffer[] = [];
  private buffer = '';
  private waiter: (() => void) | null = null;
  private closed = false;

  private constructor(public socket: Socket | TLSSocket) {
    this.attach(socket);
  }

  static connect(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = netConnect({ host, port }, () => {
        socket.removeListener('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Text received and not yet consumed as a reply. */
  get pending(): string {
    return this.buffer;
  }

  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The next complete (possibly multi-line) reply; rejects if the connection closes first. */
  async reply(): Promise<Reply> {
    for (;;) {
      const reply = this.take();
      if (reply !== null) return reply;
      if (this.closed) throw new Error(`connection closed; unparsed: ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  /** Resolves when the server closes the connection. */
  async closedByServer(): Promise<void> {
    while (!this.closed) await new Promise<void>((resolve) => (this.waiter = resolve));
  }

  /** Hands the plain socket to TLS (after a 220 to STARTTLS), dropping any buffered plaintext (RFC 3207 §6). */
  startTls(options: ConnectionOptions): Promise<TLSSocket> {
    const raw = this.socket as Socket;
    raw.removeAllListeners('data');
    this.buffer = '';
    return new Promise((resolve, reject) => {
      const secure = tlsConnect({ ...options, socket: raw }, () => {
        secure.removeListener('error', reject);
        this.socket = secure;
        this.attach(secure);
        resolve(secure);
      });
      secure.once('error', reject);
    });
  }

  /** Destroys the sockets, TLS first (see docs/domain.md, "Node.js 20 pitfalls"). */
  destroy(): void {
    this.socket.destroy();
  }

  private attach(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffer += chunk.toString('latin1');
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  private take(): Reply | null {
    const lines: string[] = [];
    let offset = 0;
    for (;;) {
      const end = this.buffer.indexOf('\r\n', offset);
      if (end < 0) return null;
      const line = this.buffer.slice(offset, end);
      offset = end + 2;
      lines.push(line.slice(4));
      if (line[3] !== '-') {
        this.buffer = this.buffer.slice(offset);
        return { code: Number(line.slice(0, 3)), lines };
      }
    }
  }
}
