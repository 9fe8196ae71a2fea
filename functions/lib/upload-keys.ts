// Where an upload lives in the raw bucket. The ticket's POST policy writes exactly `<videoId>` (its
// key is bound with `eq`), so the uploader can replace that object but never write under
// `accepted/`: process-upload's copy there is the one the probe reads and the job transcodes.

export const ACCEPTED_PREFIX = 'accepted/';

/** The immutable copy of the upload that passed the checks. */
export function acceptedKey(videoId: string): string {
  return `${ACCEPTED_PREFIX}${videoId}`;
}

/** Every raw-bucket key a video may hold: the ticket's object and its accepted copy. */
export function uploadKeys(videoId: string): string[] {
  return [videoId, acceptedKey(videoId)];
}
