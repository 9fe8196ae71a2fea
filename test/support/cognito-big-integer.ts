// amazon-cognito-identity-js's BigInteger (jsbn, behind the tests' and the demo's SRP sign-in) picks
// its multiply routine by sniffing `navigator`: Node 22 has one (Node 20 had none) whose appName is
// not "Netscape", so jsbn takes its old-IE path (am1), which inside jest's module sandbox is about
// 50 times slower (an SRP sign-in: 10 s instead of 0.2 s; outside jest it costs nothing). Load it
// once per test file with `navigator` out of sight, so it takes the path it takes in browsers and
// took on Node 20. Only the node environment: jsdom's navigator is "Netscape" already.
if (!('window' in globalThis) && 'navigator' in globalThis) {
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  delete (globalThis as { navigator?: unknown }).navigator;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would be hoisted above the delete
    require('amazon-cognito-identity-js/lib/BigInteger');
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'navigator', descriptor);
  }
}
