// The `uploads` queue's second kind of message, beside S3's notifications: createVideo's pipeline
// (the `uploads` Lambda) says a video was registered, so process-upload submits the job of an
// upload it accepted before the title existed. The message carries only the id: process-upload
// reads the record and decides from it, so a notice changes nothing by itself.

export const REGISTRATION_NOTICE_TYPE = 'video-registered';

export interface RegistrationNotice {
  type: typeof REGISTRATION_NOTICE_TYPE;
  videoId: string;
}

export function buildRegistrationNotice(videoId: string): string {
  const notice: RegistrationNotice = { type: REGISTRATION_NOTICE_TYPE, videoId };
  return JSON.stringify(notice);
}
