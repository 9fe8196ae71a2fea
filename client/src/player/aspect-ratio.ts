/** What a player shows before anything is known about the picture: the web's usual 16:9. */
export const DEFAULT_ASPECT_RATIO = 16 / 9;

export interface PictureSize {
  width?: number | null;
  height?: number | null;
}

/** Width over height, or undefined while either side is unknown (a <video> reports 0 before its metadata). */
export function computeAspectRatio(size: PictureSize | undefined): number | undefined {
  const width = size?.width ?? 0;
  const height = size?.height ?? 0;
  return width > 0 && height > 0 ? width / height : undefined;
}

/**
 * The player's shape: the picture the browser decoded once it has, else the size the API recorded
 * (the top rendition's, after rotation), else 16:9.
 */
export function computePlayerAspectRatio(decoded: PictureSize | undefined, recorded: PictureSize | undefined): number {
  return computeAspectRatio(decoded) ?? computeAspectRatio(recorded) ?? DEFAULT_ASPECT_RATIO;
}
