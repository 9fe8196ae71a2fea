import type { PipelineLimits } from '../../common/constants/pipeline-limits';
import { frameRateTooHigh, frameTooLarge, sourceTooLong } from './limit-messages';
import type { ProbeFacts } from './probe';

// What a probed source may be (besides being a video at all, functions/lib/probe.ts): its length,
// frame rate and frame size bound the job's cost and time before any job exists.

export type SourceLimits = Pick<PipelineLimits, 'maxSourceSeconds' | 'maxSourceFrameRate' | 'maxSourcePixels'>;

/** Why the source is refused, as a sentence; undefined when it is within every limit. */
export function findSourceLimitBreach(
  facts: Pick<ProbeFacts, 'width' | 'height' | 'durationSeconds' | 'frameRate'>,
  limits: SourceLimits,
): string | undefined {
  if (facts.durationSeconds > limits.maxSourceSeconds)
    return sourceTooLong(facts.durationSeconds, limits.maxSourceSeconds);
  if (facts.frameRate > limits.maxSourceFrameRate) return frameRateTooHigh(facts.frameRate, limits.maxSourceFrameRate);
  if (facts.width * facts.height > limits.maxSourcePixels)
    return frameTooLarge(facts.width, facts.height, limits.maxSourcePixels);
  return undefined;
}
