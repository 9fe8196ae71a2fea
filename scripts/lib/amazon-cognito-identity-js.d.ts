// The SRP helper amazon-cognito-identity-js exports but does not type (its index.d.ts covers only
// CognitoUser and friends); scripts/lib/srp-sign-in.ts uses these three members.
import 'amazon-cognito-identity-js';

declare module 'amazon-cognito-identity-js' {
  export class AuthenticationHelper {
    constructor(poolName: string);
    getLargeAValue(
      callback: (error: Error | null, largeAValue: import('amazon-cognito-identity-js/lib/BigInteger').default) => void,
    ): void;
    getPasswordAuthenticationKey(
      username: string,
      password: string,
      serverBValue: import('amazon-cognito-identity-js/lib/BigInteger').default,
      salt: import('amazon-cognito-identity-js/lib/BigInteger').default,
      callback: (error: Error | null, hkdf: Uint8Array) => void,
    ): void;
  }
  export class DateHelper {
    getNowString(): string;
  }
}
