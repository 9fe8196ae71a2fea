// The rendition ladder: which HLS variants a source gets. Pure: facts about the source in,
// renditions out; no SDK, no env (PeerTube's computeResolutionsToTranscode, without its globals).

export interface SourceFacts {
  /** Coded width and height of the video stream. */
  width: number;
  height: number;
  /** Display rotation in degrees (from the display matrix / rotate tag): 90 and 270 swap the sides. */
  rotation?: number;
  hasAudio: boolean;
}

export interface Rung {
  /** The rung's name: its short side, e.g. 720 for 1280x720 and for 720x1280. */
  shortSide: number;
  width: number;
  height: number;
  /** Peak video bit rate (QVBR's MaxBitrate). */
  maxBitrate: number;
  /** QVBR quality level, 1-10. */
  qvbrQuality: number;
}

export interface RungSpec {
  shortSide: number;
  maxBitrate: number;
  qvbrQuality: number;
}

/** Landscape 16:9 figures; portrait rungs of the same short side get the same rates. */
export const DEFAULT_RUNGS: readonly RungSpec[] = [
  { shortSide: 1080, maxBitrate: 5_000_000, qvbrQuality: 8 },
  { shortSide: 720, maxBitrate: 3_000_000, qvbrQuality: 8 },
  { shortSide: 480, maxBitrate: 1_400_000, qvbrQuality: 7 },
  { shortSide: 360, maxBitrate: 800_000, qvbrQuality: 7 },
  { shortSide: 240, maxBitrate: 400_000, qvbrQuality: 7 },
];

/** The display size: what a viewer sees after rotation. */
export function computeDisplaySize(source: Pick<SourceFacts, 'width' | 'height' | 'rotation'>): {
  width: number;
  height: number;
} {
  const quarterTurns = Math.round(((source.rotation ?? 0) % 360) / 90);
  const swapped = Math.abs(quarterTurns) % 2 === 1;
  return swapped ? { width: source.height, height: source.width } : { width: source.width, height: source.height };
}

function even(value: number): number {
  return Math.max(2, 2 * Math.round(value / 2));
}

/**
 * Rungs not above the source's short side (never upscale), sized by the short side so portrait
 * sources stay portrait; a source below the smallest rung gets one rung at its own (even) size.
 */
export function computeLadder(source: SourceFacts, rungs: readonly RungSpec[] = DEFAULT_RUNGS): Rung[] {
  const display = computeDisplaySize(source);
  const portrait = display.height > display.width;
  const shortSide = Math.min(display.width, display.height);
  const longSide = Math.max(display.width, display.height);
  const toRung = (spec: RungSpec, targetShort: number): Rung => {
    const targetLong = even((longSide * targetShort) / shortSide);
    const short = even(targetShort);
    return {
      shortSide: spec.shortSide,
      width: portrait ? short : targetLong,
      height: portrait ? targetLong : short,
      maxBitrate: spec.maxBitrate,
      qvbrQuality: spec.qvbrQuality,
    };
  };
  const fitting = rungs.filter((spec) => spec.shortSide <= shortSide);
  if (fitting.length > 0) return fitting.map((spec) => toRung(spec, spec.shortSide));
  const smallest = rungs.at(-1);
  if (!smallest) throw new Error('A ladder needs at least one rung to choose from.');
  return [{ ...toRung(smallest, shortSide), shortSide }];
}
