/**
 * The hostile behaviours of the scripted SMTP server, tested with the raw client (independent of
 * src/smtp): tarpits, floods, resets and stalls at the handshake, raw reply bytes, late 421s, and
 * the validation of these spec fields.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SmtpServerSpec } from '../../src/world/smtp-server.js';
import { LONG_LINE_BYTES, needsCertificate, resolveSpec, validateSmtpServerSpec } from '../../src/world/smtp-spec.js';
import { ca, upToStarttls, withServer } from './helpers.js';
import { RawClient } from './raw-client.js';

const HARD = { timeout: 5000 };

/** Polls until `ready()` holds (the test's own timeout bounds the wait). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const received = (client: RawClient): Buffer => Buffer.concat(client.chunks);

describe('scripted SMTP server: hostile greetings', () => {
  test('greeting "close": the connection ends at once, nothing said', HARD, async () => {
    await withServer({ greeting: 'close' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.closedByServer();
      assert.equal(client.chunks.length, 0);
    });
  });

  test('greeting "drip": one byte at a time, continuation lines that never end the reply', HARD, async () => {
    await withServer({ banner: ['mx.drip.test tarpit'], greeting: 'drip', dripMs: 1 }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      const line = '220-mx.drip.test tarpit\r\n';
      await until(() => received(client).length >= line.length * 2 + 5);
      const text = received(client).toString('latin1');
      assert.equal(text, line.repeat(4).slice(0, text.length), 'the same continuation line, round and round');
      assert.ok(client.chunks.length > 10, `${client.chunks.length} chunks: dripped, not written at once`);
      client.destroy();
    });
  });

  test('greeting "long-line": 1 MiB without a line end, then silence', HARD, async () => {
    await withServer({ greeting: 'long-line' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await until(() => received(client).length >= LONG_LINE_BYTES + 4);
      const bytes = received(client);
      assert.equal(bytes.length, LONG_LINE_BYTES + 4);
      assert.equal(bytes.subarray(0, 4).toString('latin1'), '220 ');
      assert.equal(bytes.indexOf(0x0a), -1);
      client.destroy();
    });
  });

  test('ehloMode "endless": 250- lines for as long as the client reads; the next client is still served', HARD, async () => {
    await withServer({ ehloMode: 'endless' }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      await until(() => received(client).length > 64 * 1024);
      const lines = received(client).toString('latin1').split('\r\n').slice(1, -1);
      assert.ok(lines.length > 1000);
      assert.ok(
        lines.every((l) => l.startsWith('250-')),
        'never a last line',
      );
      client.destroy();
      const next = await RawClient.connect(server.address, server.port);
      assert.equal((await next.reply()).code, 220);
      next.destroy();
    });
  });

  test('a 421 greeting, then QUIT from the client: not counted as pipelining', HARD, async () => {
    await withServer({ bannerCode: 421, banner: ['busy'] }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      assert.equal((await client.reply()).code, 421);
      client.send('QUIT');
      await client.closedByServer();
      await until(() => server.stats.commands.length === 1);
      assert.equal(server.stats.pipelinedViolations, 0);
    });
  });
});

describe('scripted SMTP server: hostile STARTTLS and TLS', () => {
  test('starttls "reset": the ClientHello is answered with a reset', HARD, async () => {
    await withServer({ starttls: 'reset' }, async (server) => {
      const client = await upToStarttls(server);
      await assert.rejects(client.startTls({ ca, servername: 'mx.tlscheck.test' }), { code: 'ECONNRESET' });
      assert.equal(server.stats.tlsSessions, 0);
    });
  });

  test('starttls "stall": the ClientHello is read and never answered', HARD, async () => {
    await withServer({ starttls: 'stall' }, async (server) => {
      const client = await upToStarttls(server);
      const before = client.chunks.length;
      let settled = false;
      client.startTls({ ca, servername: 'mx.tlscheck.test' }).then(
        () => (settled = true),
        () => (settled = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(settled, false, 'no ServerHello, no alert, no close');
      assert.equal(client.chunks.length, before);
      client.destroy();
    });
  });

  test('ehloTlsCode 421: the EHLO after TLS is answered 421 and the connection closes', HARD, async () => {
    await withServer({ certificate: 'valid', ehloTlsCode: 421 }, async (server) => {
      const client = await upToStarttls(server);
      await client.startTls({ ca, servername: 'mx.valid.test' });
      client.send('EHLO client.test');
      assert.deepEqual(await client.reply(), { code: 421, lines: ['4.5.2 EHLO not accepted now'] });
      await client.closedByServer();
    });
  });
});

describe('scripted SMTP server: raw reply bytes', () => {
  test('banner, EHLO and STARTTLS replies go out byte for byte (latin1), and the session carries on', HARD, async () => {
    const rawReplies = { banner: '220 a\u0000b\u00ff\n', ehlo: '250-x\n250 STARTTLS\n', starttls: '220 go\n' };
    await withServer({ certificate: 'valid', rawReplies }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await until(() => received(client).length >= 9);
      assert.deepEqual([...received(client)], [0x32, 0x32, 0x30, 0x20, 0x61, 0x00, 0x62, 0xff, 0x0a]);
      client.send('EHLO client.test');
      await until(() => received(client).toString('latin1').endsWith('250 STARTTLS\n'));
      client.send('STARTTLS');
      await until(() => received(client).toString('latin1').endsWith('220 go\n'));
      const secure = await client.startTls({ ca, servername: 'mx.valid.test' });
      assert.equal(secure.authorized, true);
      client.send('EHLO client.test');
      assert.equal((await client.reply()).code, 250, 'after TLS the normal reply');
      client.destroy();
    });
  });

  test('a raw refusal under starttls "reject"', HARD, async () => {
    await withServer({ starttls: 'reject', rawReplies: { starttls: '554\r\n' } }, async (server) => {
      const client = await RawClient.connect(server.address, server.port);
      await client.reply();
      client.send('EHLO client.test');
      await client.reply();
      client.send('STARTTLS');
      assert.deepEqual(await client.reply(), { code: 554, lines: [''] });
      client.destroy();
    });
  });
});

describe('hostile spec fields: validation', () => {
  test('each new field is checked, naming it', () => {
    const problems = (spec: unknown) => validateSmtpServerSpec(spec, 'x');
    assert.deepEqual(problems({ greeting: 'drip', dripMs: 5 }), []);
    assert.match(problems({ greeting: 'tarpit' }).join(), /x\.greeting: must be one of normal, close, drip, long-line/);
    assert.match(problems({ greeting: 'drip', dripMs: 0 }).join(), /x\.dripMs: must be a whole number >= 1/);
    assert.match(problems({ ehloMode: 'forever' }).join(), /x\.ehloMode: must be one of normal, endless/);
    assert.match(problems({ certificate: 'valid', ehloTlsCode: 99 }).join(), /x\.ehloTlsCode: must be an SMTP code/);
    assert.match(
      problems({ certificate: 'valid', rawReplies: { banner: '220 \u202e\r\n' } }).join(),
      /x\.rawReplies: banner must be a non-empty string of characters/,
    );
    assert.match(problems({ certificate: 'valid', rawReplies: { helo: '250\r\n' } }).join(), /x\.rawReplies: unknown phase "helo"/);
    assert.match(problems({ certificate: 'valid', rawReplies: { ehlo: '' } }).join(), /x\.rawReplies: ehlo must be a non-empty string/);
    // Replies go out in latin1: a character beyond U+00FF would be mangled on the wire, so it is refused.
    assert.match(
      problems({ certificate: 'valid', banner: ['mx \u2709 ready'] }).join(),
      /x\.banner: must be an array of strings of characters/,
    );
    assert.deepEqual(problems({ certificate: 'valid', banner: ['mx \u00e9 \u001b[31m ready'], hostname: 'mx\u0000.test' }), []);
  });

  test('contradictions are named', () => {
    assert.match(validateSmtpServerSpec({ banner: null, greeting: 'drip' }, 'x').join(), /banner null already means a silent server/);
    assert.match(
      validateSmtpServerSpec({ greeting: 'close', rawReplies: { banner: '220\r\n' } }, 'x').join(),
      /rawReplies\.banner: only with a banner and greeting "normal"/,
    );
    assert.match(
      validateSmtpServerSpec({ ehloMode: 'endless', rawReplies: { ehlo: '250\r\n' } }, 'x').join(),
      /rawReplies\.ehlo: not with ehloMode "endless"/,
    );
  });

  test('servers that never reach a handshake need no certificate; reset and stall never handshake', () => {
    for (const spec of [
      { greeting: 'drip' },
      { greeting: 'long-line' },
      { greeting: 'close' },
      { ehloMode: 'endless' },
      { starttls: 'reset' },
      { starttls: 'stall' },
    ] as SmtpServerSpec[]) {
      assert.equal(needsCertificate(resolveSpec(spec)), false, JSON.stringify(spec));
      assert.deepEqual(validateSmtpServerSpec(spec, 'x'), [], JSON.stringify(spec));
    }
    assert.equal(needsCertificate(resolveSpec({ ehloTlsCode: 421 })), true);
  });
});
