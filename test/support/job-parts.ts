// The parts of a CreateJob request that tests read or change, each found or failed with a sentence
// that names it: functions/lib/job-settings builds one input, the HLS group, then the thumbnail's.
import type { CreateJobRequest, Input, Output, OutputGroup } from '@aws-sdk/client-mediaconvert';

export function jobInput(job: CreateJobRequest): Input {
  const input = job.Settings?.Inputs?.[0];
  if (!input) throw new Error('the job has no input');
  return input;
}

export function outputGroup(job: CreateJobRequest, group: number): OutputGroup {
  const found = job.Settings?.OutputGroups?.[group];
  if (!found) throw new Error(`the job has no output group ${group}`);
  return found;
}

export function groupOutput(job: CreateJobRequest, group: number, output: number): Output {
  const found = outputGroup(job, group).Outputs?.[output];
  if (!found) throw new Error(`the job's output group ${group} has no output ${output}`);
  return found;
}
