import { util } from '@aws-appsync/utils';
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../common/constants/video-limits';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './constants';

/** C0 controls and DEL, except tab and line breaks, which descriptions may hold. */
const CONTROL_CHARACTERS = '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]';

function hasControlCharacters(value: string, allowLineBreaks: boolean): boolean {
  const pattern = allowLineBreaks ? CONTROL_CHARACTERS : '[\\u0000-\\u001F\\u007F]';
  return util.matches('[\\s\\S]*' + pattern + '[\\s\\S]*', value);
}

/** Trimmed title, or a ValidationError a person can act on. */
export function validateTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed.length === 0) {
    util.error('Title must not be empty.', 'ValidationError');
  }
  if (trimmed.length > TITLE_MAX_LENGTH) {
    util.error(`Title must be at most ${TITLE_MAX_LENGTH} characters; it has ${trimmed.length}.`, 'ValidationError');
  }
  if (hasControlCharacters(trimmed, false)) {
    util.error('Title must not contain control characters.', 'ValidationError');
  }
  return trimmed;
}

/** Trimmed description (empty becomes null), or a ValidationError. */
export function validateDescription(description: string | null | undefined): string | null {
  if (description === null || description === undefined) {
    return null;
  }
  const trimmed = description.trim();
  if (trimmed.length > DESCRIPTION_MAX_LENGTH) {
    util.error(
      `Description must be at most ${DESCRIPTION_MAX_LENGTH} characters; it has ${trimmed.length}.`,
      'ValidationError',
    );
  }
  if (hasControlCharacters(trimmed, true)) {
    util.error('Description must not contain control characters other than tabs and line breaks.', 'ValidationError');
  }
  return trimmed.length === 0 ? null : trimmed;
}

/** Page size from a `limit` argument: the default when absent, an error outside 1..MAX_PAGE_SIZE. */
export function pageSize(limit: number | null | undefined): number {
  if (limit === null || limit === undefined) {
    return DEFAULT_PAGE_SIZE;
  }
  if (limit < 1 || limit > MAX_PAGE_SIZE) {
    util.error(`limit must be between 1 and ${MAX_PAGE_SIZE}; got ${limit}.`, 'ValidationError');
  }
  return limit;
}
