import path from 'node:path';

/**
 * The file a request path names inside root, or null when it would leave root. The URL parser has
 * already folded "." and ".." segments (%2e%2e included); decoding can still produce "../" from
 * "%2f", a backslash or a NUL byte, so the decoded path is resolved again and must stay inside.
 */
export function resolveInsideRoot(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const target = path.resolve(base, `.${decoded.startsWith('/') ? decoded : `/${decoded}`}`);
  if (target !== base && !target.startsWith(`${base}${path.sep}`)) return null;
  return target;
}
