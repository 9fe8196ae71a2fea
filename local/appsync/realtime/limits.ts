// AppSync's real-time limits, held per connection. Sources (README, "Real-time limits"):
// - 240 KB: the "Subscription payload size" of AppSync's quotas page (general/latest/gr/appsync.html).
//   A frame a client sends larger than that is refused at the `ws` level, before it is buffered.
// - 100 subscriptions per connection: the quotas page's "Subscriptions per connection"; AWS's own
//   client tests (aws-appsync-realtime-client-ios) get 100 start_acks, then MaxSubscriptionsReachedError.
// - A ka every minute after connection_ack, which announces connectionTimeoutMs 300000.
// - AppSync documents no server-side wait for connection_init; 15 s is Amplify's own
//   CONNECTION_INIT_TIMEOUT, after which its client gives up on the handshake anyway.

export interface RealtimeLimits {
  /** Largest message, in bytes, a client may send, and largest `data` message delivered. */
  maxMessageBytes: number;
  /** Subscriptions (started or starting) one connection may hold. */
  maxSubscriptionsPerConnection: number;
  /** How long a socket may stay open without connection_init. */
  connectionInitTimeoutMs: number;
  /** How often a connection gets a ka once acknowledged. */
  keepAliveIntervalMs: number;
}

export const DEFAULT_REALTIME_LIMITS: Readonly<RealtimeLimits> = Object.freeze({
  maxMessageBytes: 240 * 1024,
  maxSubscriptionsPerConnection: 100,
  connectionInitTimeoutMs: 15_000,
  keepAliveIntervalMs: 60_000,
});

/** The keep-alive window AppSync announces in connection_ack. */
export const CONNECTION_TIMEOUT_MS = 300_000;

/** The defaults with whatever overrides were set (an undefined override keeps the default). */
export function resolveRealtimeLimits(overrides: Partial<RealtimeLimits> = {}): RealtimeLimits {
  const set = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_REALTIME_LIMITS, ...(Object.fromEntries(set) as Partial<RealtimeLimits>) };
}
