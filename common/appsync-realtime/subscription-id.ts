let fallbackCounter = 0;

/** crypto.randomUUID exists only in secure contexts; a dev page served over plain http from a LAN address is not one. */
export function newSubscriptionId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (crypto?.randomUUID) return crypto.randomUUID();
  fallbackCounter += 1;
  return `${Date.now().toString(36)}-${fallbackCounter}-${Math.random().toString(36).slice(2)}`;
}
