import {
  CLIENT_ENTRY_BUDGET_BYTES,
  clientEntrySize,
  describeClientEntrySize,
  entryScripts,
} from '../../../scripts/client-bundle-budget';

// The web client's entry as `npm run build` wrote it stays within its budget (npm test builds first).

describe('the web client entry size', () => {
  test("index.html's module script and modulepreloads are the entry, not its lazy chunks or styles", () => {
    const html = `<head>
      <script type="module" crossorigin src="/assets/index-a1.js"></script>
      <link rel="modulepreload" crossorigin href="/assets/react-b2.js">
      <link rel="stylesheet" crossorigin href="/assets/index-c3.css">
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </head>`;
    expect(entryScripts(html)).toEqual(['/assets/index-a1.js', '/assets/react-b2.js']);
  });

  test('the build output says the size beside the budget, and when it is over', () => {
    const size = { files: ['/assets/index-a1.js'], gzipBytes: 152_260, budgetBytes: 180_000 };
    expect(describeClientEntrySize(size)).toBe('  152.3 kB gzipped of 180 kB (assets/index-a1.js)');
    expect(describeClientEntrySize({ ...size, gzipBytes: 180_001 })).toMatch(/ OVER BUDGET$/);
  });

  test('build/client: the entry, gzipped, is within its budget', () => {
    const size = clientEntrySize();
    expect(size.files[0]).toMatch(/^\/assets\/index-.*\.js$/);
    expect(size.gzipBytes).toBeGreaterThan(0);
    expect(size.gzipBytes).toBeLessThanOrEqual(CLIENT_ENTRY_BUDGET_BYTES);
  });
});
