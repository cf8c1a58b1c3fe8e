import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { startSmtpServer, type SmtpServerSpec } from '../../src/world/smtp-server.js';
import { validateSmtpServerSpec } from '../../src/world/smtp-spec.js';
import { ca, LOOPBACK, upToStarttls, withServer } from './helpers.js';
import { RawClient } from './raw-client.js';

describe('scripted SMTP server', () => {
  test('speaks banner, EHLO, STARTTLS, TLS with the test root, EHLO again, QUIT', async () => {
    await withServer({ hostname: 'mx.valid.test', certificate: 'valid' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      assert.deepEqual(await client.reply(), { code: 220, lines: ['mx.valid.test ESMTP tlscheck test world'] });
      client.send('EHLO client.test');
      const ehlo = await client.reply();
      assert.equal(ehlo.code, 250);
      assert.deepEqual(ehlo.lines, ['mx.valid.test greets client.test', 'PIPELINING', 'SIZE 35882577', '8BITMIME', 'STARTTLS']);
      client.send('STARTTLS');
      assert.equal((await client.reply()).code, 220);
      const secure = await client.startTls({ ca, servername: 'mx.valid.test' });
      assert.equal(secure.authorized, true, String(secure.authorizationError));
      assert.equal(secure.getPeerCertificate(true).subject.CN, 'mx.valid.test');
      client.send('EHLO client.test');
      const ehloTls = await client.reply();
      assert.equal(ehloTls.code, 250);
      assert.ok(!ehloTls.lines.includes('STARTTLS'));
      assert.ok(ehloTls.lines.includes('PIPELINING'));
      client.send('QUIT');
      assert.equal((await client.reply()).code, 221);
      await client.closedByServer();
      assert.deepEqual(server.stats.commands, ['EHLO client.test', 'STARTTLS', 'EHLO client.test', 'QUIT']);
      assert.equal(server.stats.quitCount, 1);
      assert.equal(server.stats.tlsSessions, 1);
      assert.equal(server.stats.connections, 1);
      assert.equal(server.stats.pipelinedViolations, 0);
    });
  });

  test('sends the chain of the leaf: leaf first, then the intermediate', async () => {
    await withServer({ certificate: 'valid' }, async (server) => {
      const client = await upToStarttls(server);
      const secure = await client.startTls({ ca, servername: 'mx.valid.test' });
      const leaf = secure.getPeerCertificate(true);
      assert.equal(leaf.issuer.CN, 'tlscheck Test Intermediate CA');
      assert.equal(leaf.issuerCertificate.subject.CN, 'tlscheck Test Intermediate CA');
      client.destroy();
    });
  });

  test('a TLS 1.0-only server refuses a TLS 1.2+ client and accepts a TLS 1.0 client', async () => {
    const spec: SmtpServerSpec = { certificate: 'tls10', tlsMaxVersion: 'TLSv1' };
    await withServer(spec, async (server) => {
      const modern = await upToStarttls(server);
      await assert.rejects(modern.startTls({ ca, servername: 'mx.tls10.test', minVersion: 'TLSv1.2' }), {
        code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
      });
      modern.destroy();
      const legacy = await upToStarttls(server);
      const options: ConnectionOptions = { ca, servername: 'mx.tls10.test', minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' };
      const secure = await legacy.startTls(options);
      assert.equal(secure.getProtocol(), 'TLSv1');
      legacy.send('EHLO client.test');
      assert.equal((await legacy.reply()).code, 250);
      legacy.destroy();
    });
  });

  test('a chunked multi-line banner arrives in several data events and frames correctly', async () => {
    const banner = ['mx.multiline.test ESMTP', 'second line of the greeting', 'third line'];
    await withServer({ banner, bannerChunkBytes: 7, bannerChunkDelayMs: 5, certificate: 'multiline' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      assert.deepEqual(await client.reply(), { code: 220, lines: banner });
      assert.ok(client.chunks.length > 1, `banner came in ${client.chunks.length} data event(s)`);
      assert.equal(
        Buffer.concat(client.chunks).toString('latin1'),
        '220-mx.multiline.test ESMTP\r\n220-second line of the greeting\r\n220 third line\r\n',
      );
      client.destroy();
    });
  });

  test('STARTTLS not advertised: not in EHLO, and STARTTLS gets 502', async () => {
    await withServer({ extensions: ['PIPELINING', '8BITMIME'] }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      assert.ok(!(await client.reply()).lines.includes('STARTTLS'));
      client.send('STARTTLS');
      assert.equal((await client.reply()).code, 502);
      client.destroy();
    });
  });

  test('starttls reject answers 454 and stays in plaintext', async () => {
    await withServer({ starttls: 'reject' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      assert.ok((await client.reply()).lines.includes('STARTTLS'));
      client.send('STARTTLS');
      assert.deepEqual(await client.reply(), { code: 454, lines: ['4.7.0 TLS not available'] });
      client.send('NOOP');
      assert.equal((await client.reply()).code, 250);
      client.destroy();
    });
  });

  test('starttls garbage: the handshake fails', async () => {
    await withServer({ starttls: 'garbage', certificate: 'garbage' }, async (server) => {
      const client = await upToStarttls(server);
      await assert.rejects(client.startTls({ ca, servername: 'mx.garbage.test' }), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' });
      client.destroy();
    });
  });

  test('pipeline injection: the fake 250 lines come in the same write as the 220, then TLS works', async () => {
    await withServer({ starttls: 'pipeline-injection', certificate: 'valid' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      await client.reply();
      client.send('STARTTLS');
      assert.equal((await client.reply()).code, 220);
      assert.equal(client.pending, '250-evil.example\r\n250 STARTTLS\r\n');
      const secure = await client.startTls({ ca, servername: 'mx.valid.test' });
      assert.equal(secure.authorized, true);
      client.send('EHLO client.test');
      assert.equal((await client.reply()).lines[0], 'mx.tlscheck.test greets client.test');
      client.destroy();
    });
  });

  test('EHLO refused: 550, then HELO works with 250', async () => {
    await withServer({ ehloCode: 550, extensions: [] }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      assert.equal((await client.reply()).code, 550);
      client.send('HELO client.test');
      assert.equal((await client.reply()).code, 250);
      client.destroy();
    });
  });

  test('STARTTLS to a server without a certificate (EHLO refused, client insists) is refused, not a crash', async () => {
    await withServer({ ehloCode: 502 }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('HELO client.test');
      assert.equal((await client.reply()).code, 250);
      client.send('STARTTLS');
      assert.equal((await client.reply()).code, 454);
      client.destroy();
    });
  });

  test('counts commands sent before the previous reply (pipelining) and records MAIL/RCPT/DATA', async () => {
    await withServer({ certificate: 'valid' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.socket.write('EHLO client.test\r\nMAIL FROM:<a@b.test>\r\n');
      assert.equal((await client.reply()).code, 250);
      assert.equal((await client.reply()).code, 250);
      client.send('RCPT TO:<c@d.test>');
      assert.equal((await client.reply()).code, 250);
      client.send('DATA');
      assert.equal((await client.reply()).code, 354);
      client.socket.write('Subject: x\r\n\r\nbody\r\n.\r\n');
      assert.equal((await client.reply()).code, 250);
      client.send('BOGUS');
      assert.equal((await client.reply()).code, 500);
      assert.equal(server.stats.pipelinedViolations, 1);
      assert.deepEqual(server.stats.commands, ['EHLO client.test', 'MAIL FROM:<a@b.test>', 'RCPT TO:<c@d.test>', 'DATA', 'BOGUS']);
      client.destroy();
    });
  });

  test('commands pipelined behind STARTTLS are recorded, counted and never answered', async () => {
    await withServer({ certificate: 'valid' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      await client.reply();
      client.socket.write('STARTTLS\r\nMAIL FROM:<x@y.test>\r\n');
      assert.equal((await client.reply()).code, 220);
      await client.startTls({ ca, servername: 'mx.valid.test' });
      client.send('NOOP');
      assert.equal((await client.reply()).code, 250);
      assert.deepEqual(server.stats.commands, ['EHLO client.test', 'STARTTLS', 'MAIL FROM:<x@y.test>', 'NOOP']);
      assert.equal(server.stats.pipelinedViolations, 1);
      client.destroy();
    });
  });

  test('banner null: the server never answers anything', async () => {
    await withServer({ banner: null }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      client.send('EHLO client.test');
      while (server.stats.commands.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // The server answers synchronously when it handles a line, so nothing can still be on the way after a round trip.
      await new Promise((resolve) => setTimeout(resolve, 30));
      assert.equal(client.chunks.length, 0);
      assert.equal(server.stats.pipelinedViolations, 1);
      client.destroy();
    });
  });

  test('a 421 greeting is followed by a close', async () => {
    await withServer({ bannerCode: 421, banner: ['too busy'] }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      assert.deepEqual(await client.reply(), { code: 421, lines: ['too busy'] });
      await client.closedByServer();
    });
  });

  test('survives client resets mid-TLS and close() ends open sessions', async () => {
    await withServer({ certificate: 'valid' }, async (server) => {
      const plainReset = await upToStarttls(server);
      (plainReset.socket as Socket).resetAndDestroy();
      const tlsReset = await upToStarttls(server);
      const raw = tlsReset.socket as Socket;
      await tlsReset.startTls({ ca, servername: 'mx.valid.test' });
      raw.resetAndDestroy();
      const open = await upToStarttls(server);
      await open.startTls({ ca, servername: 'mx.valid.test' });
      const half = await RawClient.connect(server.address, server.port);
      half.socket.end();
      assert.equal(server.stats.maxConcurrent >= 2, true);
      await server.close();
      await open.closedByServer();
    });
  });

  test('rejects an invalid spec, naming the field', async () => {
    assert.deepEqual(validateSmtpServerSpec({ starttls: 'maybe' }, 'x'), [
      'x.starttls: must be one of accept, reject, garbage, pipeline-injection, reset, stall',
    ]);
    assert.match(validateSmtpServerSpec({}, 'x').join(), /no certificate/);
    assert.match(validateSmtpServerSpec({ bannr: [] }, 'x').join(), /x\.bannr: unknown field/);
    assert.deepEqual(validateSmtpServerSpec({ extensions: ['8BITMIME'] }, 'x'), []);
    await assert.rejects(startSmtpServer({ certificate: '../etc/passwd' }, LOOPBACK), /certificate/);
  });
});
