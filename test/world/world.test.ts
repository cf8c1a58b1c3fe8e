import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { isAbsolute, join } from 'node:path';
import * as dnsPacket from 'dns-packet';
import { fixturesDir, loadScenario } from '../../src/world/scenario.js';
import { REFUSED_ADDRESS, startWorld, type World } from '../../src/world/world.js';
import { RawClient } from './raw-client.js';

const scenario = loadScenario(join(fixturesDir(), 'scenarios', 'demo.json'));

/** One UDP query to the world's DNS server (independent of src/dns). */
function query(world: World, name: string, type: 'A' | 'AAAA' | 'MX'): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no DNS answer for ${name} ${type}`));
    }, 2_000);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(message));
    });
    const packet = dnsPacket.encode({ type: 'query', id: 4242, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name }] });
    socket.send(packet, world.dns.port, world.dns.host);
  });
}

function refusedAt(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const dataOf = (answer: unknown): unknown => (answer as { data: unknown }).data;

describe('the demo world', () => {
  let world: World;
  before(async () => {
    world = await startWorld(scenario);
  });
  after(() => world.close());

  test('every server has its own loopback address, all on one port', () => {
    const servers = Object.entries(world.servers);
    assert.equal(servers.length, Object.keys(scenario.servers).length);
    const addresses = servers.map(([, s]) => s.address);
    assert.equal(new Set(addresses).size, addresses.length);
    assert.ok(servers.every(([, s]) => s.port === world.smtpPort));
    assert.equal(world.servers.ipv6?.address, '::1');
    assert.equal(world.servers.valid?.address, '127.0.0.2');
    assert.ok(isAbsolute(world.caFile) && existsSync(world.caFile));
  });

  test("DNS answers with the servers' addresses, the null MX and the refused address", async () => {
    const mx = await query(world, 'valid.test', 'MX');
    assert.deepEqual(mx.answers?.map(dataOf), [{ preference: 10, exchange: 'mx.valid.test' }]);
    const a = await query(world, 'mx.valid.test', 'A');
    assert.deepEqual(a.answers?.map(dataOf), [world.servers.valid?.address]);
    const aaaa = await query(world, 'mx.ipv6.test', 'AAAA');
    assert.deepEqual(aaaa.answers?.map(dataOf), ['::1']);
    const refused = await query(world, 'mx.refused.test', 'A');
    assert.deepEqual(refused.answers?.map(dataOf), [REFUSED_ADDRESS]);
    const nullMx = await query(world, 'nullmx.test', 'MX');
    assert.equal((dataOf(nullMx.answers?.[0]) as { preference: number }).preference, 0);
    const rcode = (packet: dnsPacket.DecodedPacket): unknown => (packet as { rcode?: string }).rcode;
    assert.equal(rcode(await query(world, 'nxdomain.test', 'MX')), 'NXDOMAIN');
    assert.equal(rcode(await query(world, 'servfail.test', 'MX')), 'SERVFAIL');
  });

  test('each server greets as its host, over IPv4 and IPv6; nothing listens on the refused address', async () => {
    for (const name of ['valid', 'ipv6', 'twomx2'] as const) {
      const server = world.servers[name];
      assert.ok(server);
      const client = await RawClient.connect(server.address, world.smtpPort);
      const banner = await client.reply();
      assert.equal(banner.code, 220);
      assert.equal(banner.lines[0], `${scenario.servers[name]?.behaviour.hostname} ESMTP tlscheck test world`);
      client.destroy();
    }
    assert.equal(await refusedAt(REFUSED_ADDRESS, world.smtpPort), 'ECONNREFUSED');
  });

  test('two worlds run side by side, and a closed world is gone', async () => {
    const second = await startWorld(scenario);
    assert.notEqual(second.smtpPort, world.smtpPort);
    assert.notEqual(second.dns.port, world.dns.port);
    const open = await RawClient.connect(second.servers.valid?.address as string, second.smtpPort);
    await open.reply();
    await second.close();
    await second.close();
    await open.closedByServer();
    assert.equal(await refusedAt('127.0.0.2', second.smtpPort), 'ECONNREFUSED');
  });
});
