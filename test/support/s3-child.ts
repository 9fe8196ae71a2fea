// The local S3 in a process of its own, for tests that kill it mid-request or measure its memory.
// argv: dataDir, access key, secret. Prints {"endpoint": ...} once listening.
import { startS3 } from '../../local/s3';

const [dataDir, accessKeyId, secretAccessKey] = process.argv.slice(2);
if (dataDir === undefined || accessKeyId === undefined || secretAccessKey === undefined) {
  throw new Error('usage: s3-child.ts <dataDir> <access key> <secret>');
}
void startS3({
  port: 0,
  dataDir,
  credentials: { accessKeyId, secretAccessKey },
  buckets: [
    { name: 'raw', access: 'private' },
    { name: 'playback', access: 'public-read' },
  ],
}).then((s3) => console.log(JSON.stringify({ endpoint: s3.endpoint })));
