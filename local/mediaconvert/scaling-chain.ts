// The video half of the job's filter graph: one decode, and every picture size the outputs need
// scaled from the next larger one that keeps the source's shape (the rung above), not each from the
// source: 1280x720 -> 853x480 -> 640x360 -> 426x240 instead of three scales from 1280x720. Each
// picture is still scaled to the size fitting the source inside its frame, so the geometry is the
// same as scaling from the source; only the pixels scaled are fewer. Pure: sizes in, filters out.

export interface FrameSize {
  width: number;
  height: number;
}

export interface ChainedOutput {
  /** The graph's output pad for this output, mapped by the ffmpeg output that encodes it. */
  label: string;
  /** The output's frame (its Width and Height as planned). */
  frame: FrameSize;
  /** STRETCH_TO_OUTPUT fills the frame whatever the shape; DEFAULT fits inside and pads black. */
  stretch: boolean;
  /**
   * A frame capture's frame-rate filter: run before scaling, so only the frames captured are
   * scaled; such an output takes the smallest picture already made that holds it.
   */
  sampleFilter?: string;
}

/** av_rescale(a, b, c): a * b / c rounded to nearest, as ffmpeg's scale filter computes sizes. */
function rescale(a: number, b: number, c: number): number {
  return Math.floor((a * b + Math.floor(c / 2)) / c);
}

/** What scale=W:H:force_original_aspect_ratio=decrease makes of a source: its shape, inside the frame. */
export function fitInside(source: FrameSize, frame: FrameSize): FrameSize {
  return {
    width: Math.min(frame.width, rescale(frame.height, source.width, source.height)),
    height: Math.min(frame.height, rescale(frame.width, source.height, source.width)),
  };
}

interface Picture {
  size: FrameSize;
  /**
   * The source's shape at or below its size: smaller pictures may be scaled from it. (Stretched
   * pictures have another shape; an enlarged one would pass its blur on.)
   */
  feedsSmaller: boolean;
  children: Picture[];
  outputs: Array<{ label: string; filters: string[] }>;
}

const sameSize = (a: FrameSize, b: FrameSize) => a.width === b.width && a.height === b.height;
const holds = (outer: FrameSize, inner: FrameSize) => outer.width >= inner.width && outer.height >= inner.height;
const area = (size: FrameSize) => size.width * size.height;

/** The filters after the picture: pad to the frame when the picture is smaller, square pixels. */
function finishing(picture: FrameSize, frame: FrameSize): string[] {
  return [...(sameSize(picture, frame) ? [] : [`pad=${frame.width}:${frame.height}:-1:-1`]), 'setsar=1'];
}

/** The smallest picture that may feed a picture of `size` (larger than it, or also equal when allowed). */
function smallestFeeding(pictures: readonly Picture[], size: FrameSize, allowEqual: boolean): Picture | undefined {
  const feeding = pictures.filter(
    (picture) => picture.feedsSmaller && holds(picture.size, size) && (allowEqual || area(picture.size) > area(size)),
  );
  return feeding.sort((a, b) => area(a.size) - area(b.size))[0];
}

/** Every output's picture, each taking its pixels from the smallest larger picture that may feed it. */
function planPictures(source: FrameSize, outputs: readonly ChainedOutput[]): Picture {
  const root: Picture = { size: source, feedsSmaller: true, children: [], outputs: [] };
  const pictures: Picture[] = [root];
  const pictureFor = (size: FrameSize, sourceShaped: boolean): Picture => {
    const feedsSmaller = sourceShaped && holds(source, size);
    const found = pictures.find((picture) => picture.feedsSmaller === feedsSmaller && sameSize(picture.size, size));
    if (found) return found;
    const made: Picture = { size, feedsSmaller, children: [], outputs: [] };
    pictures.push(made);
    return made;
  };

  // Encoded outputs scale every frame: each size is made once, for every output of that size.
  for (const output of outputs.filter((candidate) => candidate.sampleFilter === undefined)) {
    const fitted = fitInside(source, output.frame);
    const size = output.stretch ? output.frame : fitted;
    const picture = pictureFor(size, sameSize(size, fitted));
    picture.outputs.push({ label: output.label, filters: finishing(size, output.frame) });
  }
  const bySizeDown = pictures.slice(1).sort((a, b) => area(b.size) - area(a.size));
  for (const picture of bySizeDown) (smallestFeeding(pictures, picture.size, false) ?? root).children.push(picture);

  // Sampled outputs (frame captures) scale only the frames they keep, from the nearest picture.
  for (const output of outputs.filter((candidate) => candidate.sampleFilter !== undefined)) {
    const size = output.stretch ? output.frame : fitInside(source, output.frame);
    const from = smallestFeeding(pictures, size, true) ?? root;
    from.outputs.push({
      label: output.label,
      filters: [
        output.sampleFilter as string,
        ...(sameSize(from.size, size) ? [] : [`scale=${size.width}:${size.height}`]),
        ...finishing(size, output.frame),
      ],
    });
  }
  return root;
}

/**
 * The filter chains (to join with ";") taking `input` (e.g. "[0:v:0]", after `leading` filters
 * such as a rotation) of `source`'s size to every output's pad.
 */
export function buildScalingChain(
  input: string,
  leading: readonly string[],
  source: FrameSize,
  outputs: readonly ChainedOutput[],
): string[] {
  const root = planPictures(source, outputs);
  const chains: string[] = [];
  let splits = 0;
  type Consumer = (from: string, carried: readonly string[]) => void;
  const emit = (picture: Picture, from: string, carried: readonly string[]): void => {
    const filters = [...carried, ...(picture === root ? [] : [`scale=${picture.size.width}:${picture.size.height}`])];
    const consumers: Consumer[] = [
      ...picture.outputs.map((output): Consumer => (pad, before) => {
        chains.push(`${pad}${[...before, ...output.filters].join(',')}[${output.label}]`);
      }),
      ...picture.children.map(
        (child): Consumer =>
          (pad, before) =>
            emit(child, pad, before),
      ),
    ];
    // A lone consumer takes the filters along; several share the picture through a split.
    const [only] = consumers;
    if (consumers.length === 1 && only) return only(from, filters);
    if (consumers.length === 0) return;
    const labels = consumers.map(() => `s${splits++}`);
    chains.push(
      `${from}${[...filters, `split=${consumers.length}`].join(',')}${labels.map((label) => `[${label}]`).join('')}`,
    );
    consumers.forEach((consume, index) => consume(`[${labels[index]}]`, []));
  };
  emit(root, input, leading);
  return chains;
}
