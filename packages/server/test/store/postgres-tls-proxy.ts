/**
 * A PostgreSQL server that offers TLS, for tests on a machine whose server does not: a proxy on
 * loopback that answers a client's SSLRequest with "S", ends TLS with the test certificate and
 * passes the decrypted protocol on to the real server, which sees an ordinary clear-text client.
 *
 * The certificates (fixtures/tls, valid for a century, for tests only): `ca.pem`, a CA, and
 * `server.pem`, signed by it for the name "localhost" only — so connecting to 127.0.0.1 shows a
 * host name check failing, and connecting without the CA shows an untrusted certificate.
 */
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

export const TEST_CA_FILE = fileURLToPath(new URL('./fixtures/tls/ca.pem', import.meta.url));

/** The first message of a client that asks for TLS: length 8, then this code. */
const SSL_REQUEST_CODE = 80877103;

export interface PostgresTlsProxy {
  port: number;
  /** Connections that came in over TLS, and in clear text. */
  counts: { tls: number; clear: number };
  close(): Promise<void>;
}

export async function startPostgresTlsProxy(target: { host: string; port: number }): Promise<PostgresTlsProxy> {
  const secureContext = tls.createSecureContext({
    cert: readFileSync(fileURLToPath(new URL('./fixtures/tls/server.pem', import.meta.url))),
    key: readFileSync(fileURLToPath(new URL('./fixtures/tls/server-key.pem', import.meta.url))),
  });
  const counts = { tls: 0, clear: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    readFirstMessage(client, (first) => {
      const upstream = net.connect(target);
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      let downstream: net.Socket = client;
      if (first.length >= 8 && first.readInt32BE(0) === 8 && first.readInt32BE(4) === SSL_REQUEST_CODE) {
        counts.tls += 1;
        client.write('S');
        downstream = new tls.TLSSocket(client, { isServer: true, secureContext });
        if (first.length > 8) client.unshift(first.subarray(8));
      } else {
        counts.clear += 1;
        upstream.write(first);
      }
      const end = () => {
        downstream.destroy();
        upstream.destroy();
      };
      downstream.on('error', end);
      upstream.on('error', end);
      downstream.pipe(upstream).on('close', end);
      upstream.pipe(downstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Waits for a client's first 8 bytes (enough to tell an SSLRequest), then hands them over. */
function readFirstMessage(client: net.Socket, then: (first: Buffer) => void): void {
  let buffered = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    if (buffered.length < 8) return;
    client.off('data', onData);
    client.pause();
    then(buffered);
  };
  client.on('data', onData);
}
