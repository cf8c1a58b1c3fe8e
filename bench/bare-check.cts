/**
 * The least a one-domain check can cost in Node, the floor under the start-up figure (startup.ts):
 * the MX and A lookups over UDP, EHLO, STARTTLS and one handshake verified against the --ca-file
 * root (the one root this chain needs, as tlscheck's store holds for it), then QUIT; nothing
 * judged, nothing rendered, no retries, no policies. CommonJS, as bin/tlscheck.js, so neither starts Node's ES module loader.
 * Usage: bare-check.cjs <domain> <dns port> <smtp port> <CA file>
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import * as dnsPacket from 'dns-packet';

const [domain = '', dnsPort = '', smtpPort = '', caFile = ''] = process.argv.slice(2);

function ask(name: string, type: 'MX' | 'A'): Promise<dnsPacket.Answer[]> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.on('error', reject);
    socket.on('message', (message) => {
      socket.close();
      resolve(dnsPacket.decode(message).answers ?? []);
    });
    const query = dnsPacket.encode({ type: 'query', id: 1, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
    socket.send(query, Number(dnsPort), '127.0.0.1');
  });
}

/** The next complete SMTP reply (its last line has a space after the code). */
function reply(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (!/^\d{3} .*\r\n/m.test(text)) return;
      socket.off('data', onData);
      resolve(text);
    };
    socket.on('data', onData);
  });
}

async function check(): Promise<void> {
  const [mx] = await ask(domain, 'MX');
  if (mx?.type !== 'MX') throw new Error(`no MX for ${domain}`);
  const host = mx.data.exchange;
  const [a] = await ask(host, 'A');
  if (a?.type !== 'A') throw new Error(`no A for ${host}`);
  const socket = netConnect(Number(smtpPort), a.data);
  await reply(socket);
  socket.write('EHLO bare.invalid\r\n');
  await reply(socket);
  socket.write('STARTTLS\r\n');
  await reply(socket);
  const tls = tlsConnect({ socket, servername: host, ca: [readFileSync(caFile, 'utf8')], rejectUnauthorized: false });
  tls.once('secureConnect', () => {
    process.stdout.write(`${host}: ${tls.getProtocol()} ${tls.authorized ? 'verified' : tls.authorizationError}\n`);
    tls.end('QUIT\r\n');
  });
}

check().catch((error: Error) => {
  process.stderr.write(`bare check: ${error.message}\n`);
  process.exitCode = 1;
});
