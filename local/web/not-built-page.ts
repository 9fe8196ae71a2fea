// What every page answers while build/client/ has no index.html: a sentence with the fix, rather
// than a crash or a bare 404, since `npm start` may run before the client was ever built.
export const NOT_BUILT_SENTENCE = 'The web client is not built: run npm run build';

export function notBuiltPage(root: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>videopipe: web client not built</title></head>',
    '<body>',
    `<p>${NOT_BUILT_SENTENCE}, then reload this page.</p>`,
    `<p>It is served from <code>${escapeHtml(root)}</code>; the API and the rest of the local cloud are running.</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
