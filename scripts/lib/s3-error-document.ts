// S3's error document (<Error><Code>...</Code><Message>...</Message></Error>), read for a sentence.

export interface S3ErrorDocument {
  code?: string;
  message?: string;
}

export function readS3Error(body: string): S3ErrorDocument {
  return {
    code: /<Code>([^<]*)<\/Code>/.exec(body)?.[1],
    message: /<Message>([^<]*)<\/Message>/.exec(body)?.[1],
  };
}

/** `The upload was refused (HTTP 403 AccessDenied): Request has expired` */
export function s3ErrorSentence(status: number, body: string, what = 'The upload'): string {
  const { code, message } = readS3Error(body);
  return `${what} was refused (HTTP ${status}${code ? ` ${code}` : ''})${message ? `: ${message}` : '.'}`;
}
