import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { startCognito } from '../../local/cognito';
import type { CognitoEmulator, CognitoEmulatorOptions } from '../../local/cognito';
import { signInWithSrp } from '../../scripts/lib/srp-sign-in';

export const POOL_REGION = 'eu-west-1';
export const POOL_CREDENTIALS = {
  accessKeyId: 'AKIALOCALPOOLTEST01',
  secretAccessKey: 'local-pool-test-secret',
  accountId: '000000000000',
};

/**
 * One local user pool in this process (on its own data dir), with a clock the test moves forward
 * and its log kept, so codes "emailed" to users can be read as a developer reads them.
 */
export class LocalPool {
  pool!: CognitoEmulator;
  client!: CognitoIdentityProviderClient;
  readonly log: string[] = [];
  /** Added to the real time for expiry checks. */
  skewMs = 0;
  readonly dataDir = mkdtempSync(path.join(os.tmpdir(), 'videopipe-cognito-'));

  constructor(private readonly options: Partial<CognitoEmulatorOptions> = {}) {}

  async start(): Promise<this> {
    this.pool = await startCognito({
      port: 0,
      dataDir: this.dataDir,
      region: POOL_REGION,
      credentials: POOL_CREDENTIALS,
      log: (line) => this.log.push(line),
      now: () => Date.now() + this.skewMs,
      ...this.options,
    });
    this.client = new CognitoIdentityProviderClient({
      endpoint: this.pool.endpoint,
      region: POOL_REGION,
      credentials: POOL_CREDENTIALS,
      maxAttempts: 1,
    });
    return this;
  }

  async stop(): Promise<void> {
    this.client.destroy();
    await this.pool.close();
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** The last code of that kind the pool logged for the address. */
  codeFor(email: string, kind: 'confirmation code' | 'password reset code'): string | undefined {
    const prefix = `cognito: ${kind} for ${email}: `;
    return this.log
      .filter((line) => line.startsWith(prefix))
      .pop()
      ?.slice(prefix.length);
  }

  signUp(email: string, password: string) {
    return this.client.send(
      new SignUpCommand({
        ClientId: this.pool.userPoolClientId,
        Username: email,
        Password: password,
        UserAttributes: [{ Name: 'email', Value: email }],
      }),
    );
  }

  signIn(username: string, password: string) {
    return signInWithSrp(this.client, {
      userPoolId: this.pool.userPoolId,
      clientId: this.pool.userPoolClientId,
      username,
      password,
    });
  }
}
