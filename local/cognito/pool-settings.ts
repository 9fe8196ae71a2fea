import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PasswordPolicy } from '../../common/password-policy';

export type ValidityUnit = 'seconds' | 'minutes' | 'hours' | 'days';

export interface TokenValidity {
  value: number;
  unit: ValidityUnit;
}

export interface AppClientSettings {
  /** ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH, ...: the InitiateAuth flows the client may use. */
  explicitAuthFlows: string[];
  preventUserExistenceErrors: 'ENABLED' | 'LEGACY';
  enableTokenRevocation: boolean;
  /** How long a sign-in challenge (SRP's SECRET_BLOCK) may be answered. */
  authSessionValidityMinutes: number;
  tokenValidity: { accessToken: TokenValidity; idToken: TokenValidity; refreshToken: TokenValidity };
}

export interface PoolSettings {
  passwordPolicy: PasswordPolicy;
  appClient: AppClientSettings;
}

export const POOL_SETTINGS_FILE = path.resolve(__dirname, '..', '..', 'terraform', 'cognito.json');

/** terraform/cognito.json, the file terraform/cognito.tf reads too. */
export function loadPoolSettings(file = POOL_SETTINGS_FILE): PoolSettings {
  const { passwordPolicy, appClient } = JSON.parse(readFileSync(file, 'utf8')) as PoolSettings;
  return { passwordPolicy, appClient };
}

const SECONDS_PER_UNIT: Record<ValidityUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };

export function validitySeconds(validity: TokenValidity): number {
  return validity.value * SECONDS_PER_UNIT[validity.unit];
}

/** InitiateAuth's AuthFlow is allowed by the ALLOW_ entry of the same name (REFRESH_TOKEN is the old spelling). */
export function isAuthFlowAllowed(settings: AppClientSettings, authFlow: string): boolean {
  const flow = authFlow === 'REFRESH_TOKEN' ? 'REFRESH_TOKEN_AUTH' : authFlow;
  return settings.explicitAuthFlows.includes(`ALLOW_${flow}`);
}
