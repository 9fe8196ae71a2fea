import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import WebSocket from 'ws';

/**
 * Makes this test process trust the local cloud's TLS certificate, as a developer's machine does
 * once it is trusted: the global fetch (undici, the same implementation as Node's own, with the
 * certificate added) and the global WebSocket Amplify expects from the platform, as in a browser
 * (ws given the certificate, in place of Node's own). Jest runs tests in their own realm, so both
 * are set on its globals.
 */
export function trustLocalTls(caCertificateFile: string): void {
  const ca = readFileSync(caCertificateFile, 'utf8');
  const dispatcher = new Agent({ connect: { ca } });
  (globalThis as { fetch: unknown }).fetch = (
    input: Parameters<typeof undiciFetch>[0],
    init?: Parameters<typeof undiciFetch>[1],
  ) => undiciFetch(input, { ...init, dispatcher });
  (globalThis as { WebSocket?: unknown }).WebSocket = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  };
}
