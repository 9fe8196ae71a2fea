import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface LocalCertificate {
  key: string;
  cert: string;
  /** PEM file clients can trust (NODE_EXTRA_CA_CERTS, a ws `ca` option, a browser's trust store). */
  certFile: string;
}

/**
 * A self-signed certificate for 127.0.0.1 and localhost, made once per data dir. AWS clients such
 * as Amplify always open the real-time socket with wss://, so the local AppSync must speak TLS too.
 */
export async function loadOrCreateCertificate(dataDir: string): Promise<LocalCertificate> {
  mkdirSync(dataDir, { recursive: true });
  const keyFile = path.join(dataDir, 'local-tls.key');
  const certFile = path.join(dataDir, 'local-tls.crt');
  if (!existsSync(keyFile) || !existsSync(certFile)) {
    // Loaded only here, the first start of a data dir: it weighs more than any other module the
    // local cloud loads (@peculiar/x509 and pkijs), and later starts reuse the files.
    const { default: selfsigned } = await import('selfsigned');
    const generated = await Promise.resolve(
      selfsigned.generate([{ name: 'commonName', value: 'videopipe local' }], {
        notAfterDate: new Date(Date.now() + 10 * 365 * 24 * 3600 * 1000),
        keySize: 2048,
        // selfsigned signs with SHA-1 unless told otherwise, which TLS stacks now refuse (mbed TLS does).
        algorithm: 'sha256',
        extensions: [
          { name: 'basicConstraints', cA: true },
          {
            name: 'subjectAltName',
            altNames: [
              { type: 7, ip: '127.0.0.1' },
              { type: 2, value: 'localhost' },
            ],
          },
        ],
      }),
    );
    writeFileSync(keyFile, generated.private, { mode: 0o600 });
    writeFileSync(certFile, generated.cert);
  }
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile };
}
