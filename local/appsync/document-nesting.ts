/**
 * Brackets a document may nest before it is refused unparsed. graphql-js parses recursively and
 * overflows the stack at a few thousand levels; graphql-java, whose messages AppSync's errors carry,
 * stops at 500 nested grammar rules by default. Real documents nest a few levels (the standard
 * introspection query 15).
 */
export const MAX_DOCUMENT_NESTING = 500;

/** graphql-java's ParserOptions guard, whose wording the refusal takes. */
export const NESTING_REFUSAL = `More than ${MAX_DOCUMENT_NESTING} deep 'grammar' rules have been entered. To prevent Denial Of Service attacks, parsing has been cancelled.`;

/**
 * Whether a document's selection sets, argument lists, lists and objects nest deeper than `limit`,
 * found in one pass over the text before anything parses it. Brackets in strings and comments do
 * not count.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    if (char === '#') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end + 1;
    } else if (char === '"') {
      index = text.startsWith('"""', index) ? afterBlockString(text, index) : afterString(text, index);
    } else {
      if (char === '{' || char === '[' || char === '(') {
        depth += 1;
        if (depth > limit) return true;
      } else if (char === '}' || char === ']' || char === ')') {
        depth = Math.max(0, depth - 1);
      }
      index += 1;
    }
  }
  return false;
}

function afterString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length && text[index] !== '"' && text[index] !== '\n') {
    index += text[index] === '\\' ? 2 : 1;
  }
  return index + 1;
}

function afterBlockString(text: string, start: number): number {
  let index = start + 3;
  while (index < text.length && !text.startsWith('"""', index)) {
    index += text.startsWith('\\"""', index) ? 4 : 1;
  }
  return index + 3;
}
