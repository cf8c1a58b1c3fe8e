import assert from 'node:assert/strict';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Resolver } from '../../src/dns/resolver.js';
import { fetchStsPolicy, POLICY_PATH } from '../../src/policy/sts-fetch.js';
import { leaf, pemCerts, privateStore, sentChain } from '../tls/pki.js';

const POLICY = 'version: STSv1\r\nmode: enforce\r\nmx: mx.valid.test\r\nmax_age: 86400\r\n';

/** A resolver that knows one name: mta-sts.valid.test, at these IPv4 addresses, in this order. */
function resolverOf(addresses: string[]): Resolver {
  return {
    query: (name, type) =>
      Promise.resolve({
        status: 'ok',
        rcode: 'NOERROR',
        authenticated: false,
        answers:
          name === 'mta-sts.valid.test' && type === 'A' ? addresses.map((data) => ({ name, type: 'A', class: 'IN', ttl: 60, data })) : [],
      }),
    activity: () => [],
  } as Resolver;
}

test('an address that refuses the connection is skipped; the next one serves the policy over a verified session', async () => {
  const server = createServer(leaf('mta-sts'), (request, response) => {
    response.writeHead(request.url === POLICY_PATH ? 200 : 404, { 'content-type': 'text/plain' });
    response.end(POLICY);
  });
  // Bound to 127.0.0.1 alone, so the same port on 127.0.0.2 refuses.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const fetched = await fetchStsPolicy('valid.test', {
      resolver: resolverOf(['127.0.0.2', '127.0.0.1']),
      trust: privateStore(...pemCerts('root.pem')),
      now: () => new Date(),
      port,
      families: new Set([4]),
      deadlineMs: 5000,
    });
    assert.deepEqual(fetched, { kind: 'fetched', address: '127.0.0.1', contentType: 'text/plain', body: POLICY });
  } finally {
    server.close();
  }
});

test('a policy host whose certificate a sender would refuse gets no request; its chain is judged as sent', async () => {
  let requests = 0;
  // The leaf alone: the intermediate is missing, as the chain read off the wire shows.
  const server = createServer(
    leaf('mta-sts', {
      cert: sentChain('mta-sts')
        .slice(0, 1)
        .map((der) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`)
        .join(''),
    }),
    (_request, response) => {
      requests += 1;
      response.end(POLICY);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const fetched = await fetchStsPolicy('valid.test', {
      resolver: resolverOf(['127.0.0.1']),
      trust: privateStore(...pemCerts('root.pem')),
      now: () => new Date(),
      port,
      families: new Set([4]),
      deadlineMs: 5000,
    });
    assert.equal(fetched.kind, 'untrusted');
    assert.equal(fetched.kind === 'untrusted' && fetched.certificate.chainLength, 1);
    assert.equal(fetched.kind === 'untrusted' && fetched.certificate.trusted, false);
    assert.equal(requests, 0);
  } finally {
    server.close();
  }
});
