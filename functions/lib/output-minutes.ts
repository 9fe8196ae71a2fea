// MediaConvert bills on-demand jobs per minute of each output (each rendition is an output), in
// one-second steps with at least 10 seconds an output: a 6-minute source with four renditions is
// 24 output minutes. The one-frame thumbnail output is not counted here.

const MINIMUM_BILLED_SECONDS = 10;

/** The output minutes a job asks for, rounded up to whole minutes (what the daily counter adds). */
export function countOutputMinutes(sourceSeconds: number, renditions: number): number {
  return Math.ceil((renditions * Math.max(sourceSeconds, MINIMUM_BILLED_SECONDS)) / 60);
}
