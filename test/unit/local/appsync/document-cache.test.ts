import { DocumentCache, PARSED_BYTES_PER_CHARACTER } from '../../../../local/appsync/document-cache';

/** A query of `length` characters, estimated at length * PARSED_BYTES_PER_CHARACTER bytes. */
function query(name: string, length: number): string {
  return name.padEnd(length, ' ');
}

describe('DocumentCache', () => {
  const perCharacter = PARSED_BYTES_PER_CHARACTER;

  test('holds documents up to its byte budget, evicting the least recently used first', () => {
    // Prepare
    const cache = new DocumentCache<string>({ maxBytes: 300 * perCharacter, maxEntryBytes: 200 * perCharacter });
    cache.set(query('a', 100), 'A');
    cache.set(query('b', 100), 'B');
    cache.set(query('c', 100), 'C');

    // Act: reading a makes b the least recently used.
    expect(cache.get(query('a', 100))).toBe('A');
    cache.set(query('d', 100), 'D');

    // Assess
    expect(cache.get(query('b', 100))).toBeUndefined();
    expect([query('a', 100), query('c', 100), query('d', 100)].map((key) => cache.get(key))).toEqual(['A', 'C', 'D']);
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBe(300 * perCharacter);
  });

  test('evicts as many small documents as one large one needs', () => {
    // Prepare
    const cache = new DocumentCache<string>({ maxBytes: 300 * perCharacter, maxEntryBytes: 300 * perCharacter });
    for (const name of ['a', 'b', 'c']) cache.set(query(name, 100), name);

    // Act
    cache.set(query('large', 250), 'large');

    // Assess
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(250 * perCharacter);
  });

  test('keeps no document above the entry bound, and keeps the others', () => {
    // Prepare
    const cache = new DocumentCache<string>({ maxBytes: 1000 * perCharacter, maxEntryBytes: 100 * perCharacter });
    cache.set(query('small', 100), 'small');

    // Act
    cache.set(query('huge', 101), 'huge');

    // Assess
    expect(cache.get(query('huge', 101))).toBeUndefined();
    expect(cache.get(query('small', 100))).toBe('small');
    expect(cache.bytes).toBe(100 * perCharacter);
  });

  test('replacing a document counts it once', () => {
    // Prepare
    const cache = new DocumentCache<string>({ maxBytes: 1000 * perCharacter, maxEntryBytes: 1000 * perCharacter });

    // Act
    cache.set(query('a', 100), 'first');
    cache.set(query('a', 100), 'second');

    // Assess
    expect(cache.get(query('a', 100))).toBe('second');
    expect(cache.bytes).toBe(100 * perCharacter);
  });
});
