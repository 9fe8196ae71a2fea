// The BigInteger of amazon-cognito-identity-js (jsbn), which its AuthenticationHelper takes and returns.
declare module 'amazon-cognito-identity-js/lib/BigInteger' {
  export default class BigInteger {
    constructor(value: string, radix: number);
    toString(radix: number): string;
  }
}
