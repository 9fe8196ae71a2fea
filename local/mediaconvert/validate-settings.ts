import type { CreateJobRequest, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';
import { formatWirePointer } from '../lib/service-model';
import type { ModelViolation } from '../lib/service-model';
import { checkCreateJobRequest, formatAwsMessage } from './create-job-model';

// A job is accepted in two steps. First what AWS's API accepts: the request against MediaConvert's
// published model (create-job-model.ts), refused with BadRequestException worded like AWS's.
// Then what the ffmpeg executor can run: MediaConvert answers a job it cannot run with
// BadRequestException naming the field; so does the local one, for the fields it does not
// support, so a job that runs here runs on AWS and the reverse fails loudly.

export class SettingsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'BadRequestException';
  }
}

function firstViolation(violations: readonly ModelViolation[]): ModelViolation {
  const [first] = violations;
  if (!first) throw new Error('A ModelSettingsError is raised for at least one violation; it got none.');
  return first;
}

/** AWS's own refusal: every way the request breaks the API model, joined as MediaConvert joins them. */
export class ModelSettingsError extends SettingsError {
  constructor(readonly violations: readonly ModelViolation[]) {
    super(formatWirePointer(firstViolation(violations).path), '');
    this.message = violations.map(formatAwsMessage).join(' | ');
  }
}

const S3_URL = /^s3:\/\/[a-z0-9.-]{3,63}\/.+/;

function requireValue<T>(value: T | undefined | null, field: string): T {
  if (value === undefined || value === null || (value as unknown) === '')
    throw new SettingsError(field, 'is required.');
  return value;
}

function checkDimensions(output: Output, field: string): void {
  for (const [name, value] of [
    ['width', output.VideoDescription?.Width],
    ['height', output.VideoDescription?.Height],
  ] as const) {
    // The model has checked 32-8192 already; 4:2:0 H.264 and JPEG need even sides besides.
    if (value !== undefined && value % 2 !== 0)
      throw new SettingsError(`${field}/videoDescription/${name}`, `must be an even number; got ${value}.`);
  }
}

function checkHlsOutput(output: Output, field: string): void {
  if (output.ContainerSettings?.Container !== 'M3U8')
    throw new SettingsError(`${field}/containerSettings/container`, 'HLS outputs must use M3U8.');
  const codec = output.VideoDescription?.CodecSettings;
  if (codec?.Codec !== 'H_264')
    throw new SettingsError(
      `${field}/videoDescription/codecSettings/codec`,
      `${codec?.Codec ?? 'none'} is not supported by the local MediaConvert; use H_264.`,
    );
  const h264 = requireValue(codec.H264Settings, `${field}/videoDescription/codecSettings/h264Settings`);
  // The model has checked the rate control mode and QVBR's quality level (1-10) already.
  if ((h264.RateControlMode ?? 'CBR') === 'QVBR') {
    requireValue(h264.MaxBitrate, `${field}/videoDescription/codecSettings/h264Settings/maxBitrate`);
  } else {
    requireValue(h264.Bitrate, `${field}/videoDescription/codecSettings/h264Settings/bitrate`);
  }
  checkDimensions(output, field);
  (output.AudioDescriptions ?? []).forEach((audio, index) => {
    if (audio.CodecSettings?.Codec !== 'AAC')
      throw new SettingsError(
        `${field}/audioDescriptions/${index}/codecSettings/codec`,
        `${audio.CodecSettings?.Codec ?? 'none'} is not supported by the local MediaConvert; use AAC.`,
      );
  });
}

function checkFrameCapture(output: Output, field: string): void {
  if (output.ContainerSettings?.Container !== 'RAW')
    throw new SettingsError(`${field}/containerSettings/container`, 'frame captures must use RAW.');
  if (output.VideoDescription?.CodecSettings?.Codec !== 'FRAME_CAPTURE') {
    throw new SettingsError(
      `${field}/videoDescription/codecSettings/codec`,
      'file groups support FRAME_CAPTURE outputs only in the local MediaConvert.',
    );
  }
  checkDimensions(output, field);
}

function checkGroup(group: OutputGroup, field: string): void {
  const settings = requireValue(group.OutputGroupSettings, `${field}/outputGroupSettings`);
  const outputs = requireValue(group.Outputs, `${field}/outputs`);
  if (outputs.length === 0) throw new SettingsError(`${field}/outputs`, 'needs at least one output.');
  if (settings.Type === 'HLS_GROUP_SETTINGS') {
    const hls = requireValue(settings.HlsGroupSettings, `${field}/outputGroupSettings/hlsGroupSettings`);
    if (!S3_URL.test(hls.Destination ?? ''))
      throw new SettingsError(
        `${field}/outputGroupSettings/hlsGroupSettings/destination`,
        'must be an s3://bucket/path URL.',
      );
    requireValue(hls.SegmentLength, `${field}/outputGroupSettings/hlsGroupSettings/segmentLength`);
    outputs.forEach((output, index) => checkHlsOutput(output, `${field}/outputs/${index}`));
  } else if (settings.Type === 'FILE_GROUP_SETTINGS') {
    if (!S3_URL.test(settings.FileGroupSettings?.Destination ?? ''))
      throw new SettingsError(
        `${field}/outputGroupSettings/fileGroupSettings/destination`,
        'must be an s3://bucket/path URL.',
      );
    outputs.forEach((output, index) => checkFrameCapture(output, `${field}/outputs/${index}`));
  } else {
    throw new SettingsError(
      `${field}/outputGroupSettings/type`,
      `${settings.Type ?? 'none'} is not supported by the local MediaConvert; use HLS_GROUP_SETTINGS or FILE_GROUP_SETTINGS.`,
    );
  }
}

/**
 * Throws ModelSettingsError (BadRequestException) for a request AWS's API refuses, then
 * SettingsError naming the first field the executor cannot honour.
 */
export function validateJobRequest(request: CreateJobRequest): void {
  const violations = checkCreateJobRequest(request);
  if (violations.length > 0) throw new ModelSettingsError(violations);
  requireValue(request.Role, '/role');
  const settings = requireValue(request.Settings, '/settings');
  const inputs = requireValue(settings.Inputs, '/settings/inputs');
  if (inputs.length !== 1)
    throw new SettingsError(
      '/settings/inputs',
      `the local MediaConvert runs jobs with exactly one input; got ${inputs.length}.`,
    );
  const input = inputs[0]!;
  if (!S3_URL.test(input.FileInput ?? ''))
    throw new SettingsError('/settings/inputs/0/fileInput', 'must be an s3://bucket/key URL.');
  const groups = requireValue(settings.OutputGroups, '/settings/outputGroups');
  if (groups.length === 0) throw new SettingsError('/settings/outputGroups', 'needs at least one output group.');
  groups.forEach((group, index) => checkGroup(group, `/settings/outputGroups/${index}`));
}
