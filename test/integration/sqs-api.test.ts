import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { testEndpoints } from '../support/endpoints';

describe('the SQS API over the local queues', () => {
  const endpoints = testEndpoints();
  const sqs = new SQSClient({
    endpoint: endpoints.sqsEndpoint,
    region: endpoints.region,
    credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: endpoints.secretAccessKey },
  });
  afterAll(() => sqs.destroy());

  test('queues are listed, with their redrive policy', async () => {
    const { QueueUrls } = await sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls?.map((url) => url.split('/').pop()).sort()).toEqual([
      'job-events',
      'job-events-dlq',
      'uploads',
      'uploads-dlq',
    ]);
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'job-events' }));
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toEqual({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:job-events-dlq',
      maxReceiveCount: 5,
    });
    // Only what is asked for, as SQS answers.
    const counts = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'],
      }),
    );
    expect(Object.keys(counts.Attributes ?? {}).sort()).toEqual([
      'ApproximateNumberOfMessages',
      'ApproximateNumberOfMessagesDelayed',
    ]);
    expect((await sqs.send(new GetQueueAttributesCommand({ QueueUrl }))).Attributes ?? {}).toEqual({});
  });

  test('send, receive (long poll), change visibility, delete, purge on a DLQ', async () => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'job-events-dlq' }));
    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"x":1}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(Messages).toHaveLength(1);
    const [message] = Messages ?? [];
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: '{"x":1}',
      Attributes: { ApproximateReceiveCount: '1' },
    });
    await sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(again.Messages).toHaveLength(1);
    const [redelivered] = again.Messages ?? [];
    expect(redelivered?.Attributes?.ApproximateReceiveCount).toBe('2');
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: redelivered?.ReceiptHandle }));
    expect((await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }))).Messages ?? []).toEqual([]);
  });

  test("unknown queues and unsigned callers are refused in SQS's words", async () => {
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
    });
    const stranger = new SQSClient({
      endpoint: endpoints.sqsEndpoint,
      region: endpoints.region,
      credentials: { accessKeyId: endpoints.accessKeyId, secretAccessKey: 'wrong' },
    });
    await expect(stranger.send(new ListQueuesCommand({}))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });
});
