// btoa and TextEncoder exist in browsers and in Node alike, so the handshake encodes the same way in both.

/** Standard base64 of the UTF-8 bytes (btoa alone throws on non-Latin-1 text, e.g. in a token claim). */
export function encodeBase64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** base64url without padding: a WebSocket subprotocol may not contain `+`, `/` or `=`. */
export function encodeBase64Url(text: string): string {
  return encodeBase64(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
