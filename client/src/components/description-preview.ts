// A description as the watch page first shows it: whole when short, else its opening lines.

/** Short enough to show whole: a "Show more" that revealed a line or two would only cost a click. */
const WHOLE_MAX_CHARACTERS = 400;
const WHOLE_MAX_LINES = 6;
/** The opening shown behind "Show more": a few lines on a phone. */
const PREVIEW_CHARACTERS = 280;
const PREVIEW_LINES = 4;

/** The opening of a long description, ending in "…"; undefined when the description is short enough to show whole. */
export function buildDescriptionPreview(description: string): string | undefined {
  const lines = description.split(/\r?\n/);
  // Counted in code points, so the cut never splits a character in two.
  const characters = Array.from(description);
  if (characters.length <= WHOLE_MAX_CHARACTERS && lines.length <= WHOLE_MAX_LINES) return undefined;
  let preview = Array.from(lines.slice(0, PREVIEW_LINES).join('\n'));
  if (preview.length > PREVIEW_CHARACTERS) {
    preview = preview.slice(0, PREVIEW_CHARACTERS);
    // Back to the last word's end, unless that would lose most of the preview (one very long word).
    const lastSpace = preview.findLastIndex((character) => /\s/.test(character));
    if (lastSpace > PREVIEW_CHARACTERS / 2) preview = preview.slice(0, lastSpace);
  }
  return `${preview.join('').trimEnd()}…`;
}
