import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson, stripQuery } from '../lib/http';
import { memberText } from '../lib/json-member';
import { SignatureError, verifySigV4 } from '../sigv4/verify';
import type { LocalCredentials } from '../sigv4/verify';
import { decide, denialMessage } from '../iam';
import type { CredentialDirectory, LocalPrincipal } from '../iam';
import type { QueueService } from './queue-service';

// The SQS API (AWS JSON 1.0, as @aws-sdk/client-sqs sends it) over the local queues: how a
// developer looks into a queue or its DLQ with the AWS tools they already use.

class SqsError extends Error {
  constructor(
    readonly type: string,
    readonly queryCode: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Body = Record<string, unknown>;

export interface SqsApiOptions {
  queues: QueueService;
  /** The root key pair, or the local IAM's directory of principals (each held to its policies). */
  credentials: LocalCredentials | CredentialDirectory;
  accountId: string;
  region: string;
  /** http://127.0.0.1:<port>: queue URLs are <endpoint>/<account>/<name>. */
  endpoint: () => string;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createSqsApiHandler(options: SqsApiOptions) {
  const queueName = (body: Body): string => {
    const url = memberText(body.QueueUrl);
    const name = url.split('/').pop() ?? '';
    if (!options.queues.has(name))
      throw new SqsError(
        'com.amazonaws.sqs#QueueDoesNotExist',
        'AWS.SimpleQueueService.NonExistentQueue',
        'The specified queue does not exist.',
      );
    return name;
  };
  const urlOf = (name: string) => `${options.endpoint()}/${options.accountId}/${name}`;
  const queueArn = (name: string) => `arn:aws:sqs:${options.region}:${options.accountId}:${name}`;

  // IAM: sqs:<Operation> on the queue's ARN (ListQueues on "*"), asked before the queue is looked
  // up, as SQS does; the denial is SQS's (403, AccessDenied in x-amzn-query-error, the action in lower case).
  const authorize = (principal: LocalPrincipal, target: string, body: Body): void => {
    const queue = target === 'GetQueueUrl' ? memberText(body.QueueName) : memberText(body.QueueUrl).split('/').pop();
    const request = { action: `sqs:${target}`, resource: target === 'ListQueues' ? '*' : queueArn(queue ?? '') };
    const decision = decide(principal, request);
    if (decision !== 'allow')
      throw new SqsError(
        'com.amazon.coral.service#AccessDeniedException',
        'AccessDenied',
        denialMessage(principal, decision, request, { lowerCaseAction: true }),
        403,
      );
  };

  const operations: Record<string, (body: Body) => Promise<unknown>> = {
    async ListQueues(body) {
      const prefix = memberText(body.QueueNamePrefix);
      return {
        QueueUrls: options.queues
          .names()
          .filter((name) => name.startsWith(prefix))
          .map(urlOf),
      };
    },
    async GetQueueUrl(body) {
      const name = memberText(body.QueueName);
      if (!options.queues.has(name))
        throw new SqsError(
          'com.amazonaws.sqs#QueueDoesNotExist',
          'AWS.SimpleQueueService.NonExistentQueue',
          'The specified queue does not exist.',
        );
      return { QueueUrl: urlOf(name) };
    },
    async SendMessage(body) {
      const attributes = Object.fromEntries(
        Object.entries((body.MessageAttributes ?? {}) as Record<string, { StringValue?: string }>).map(
          ([name, value]) => [name, String(value.StringValue ?? '')],
        ),
      );
      const message = options.queues.send(queueName(body), memberText(body.MessageBody), attributes);
      return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody };
    },
    async ReceiveMessage(body) {
      const name = queueName(body);
      const max = Math.min(10, Math.max(1, Number(body.MaxNumberOfMessages ?? 1)));
      const deadline = Date.now() + Math.min(20, Number(body.WaitTimeSeconds ?? 0)) * 1000;
      for (;;) {
        const messages = options.queues.queue(name).receive(max, options.queues.redrive(name));
        if (messages.length > 0 || Date.now() >= deadline) {
          return {
            Messages: messages.map((message) => ({
              MessageId: message.messageId,
              ReceiptHandle: message.receiptHandle,
              MD5OfBody: message.md5OfBody,
              Body: message.body,
              Attributes: message.attributes,
              MessageAttributes: Object.fromEntries(
                Object.entries(message.messageAttributes).map(([key, value]) => [
                  key,
                  { StringValue: value, DataType: 'String' },
                ]),
              ),
            })),
          };
        }
        await wait(50);
      }
    },
    async DeleteMessage(body) {
      options.queues.queue(queueName(body)).deleteByReceipt(memberText(body.ReceiptHandle));
      return {};
    },
    async ChangeMessageVisibility(body) {
      const changed = options.queues
        .queue(queueName(body))
        .changeVisibility(memberText(body.ReceiptHandle), Number(body.VisibilityTimeout ?? 0));
      if (!changed)
        throw new SqsError(
          'com.amazonaws.sqs#ReceiptHandleIsInvalid',
          'ReceiptHandleIsInvalid',
          'The input receipt handle is invalid.',
        );
      return {};
    },
    async GetQueueAttributes(body) {
      const name = queueName(body);
      const queue = options.queues.queue(name);
      const { visible, inFlight } = queue.counts();
      const { settings } = queue;
      const all: Record<string, string> = {
        QueueArn: `arn:aws:sqs:${options.region}:${options.accountId}:${name}`,
        ApproximateNumberOfMessages: String(visible),
        ApproximateNumberOfMessagesNotVisible: String(inFlight),
        // The local queues have no delivery delay.
        ApproximateNumberOfMessagesDelayed: '0',
        VisibilityTimeout: String(settings.visibilityTimeoutSeconds),
        MessageRetentionPeriod: String(settings.messageRetentionSeconds),
        ...(settings.deadLetterQueue
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: `arn:aws:sqs:${options.region}:${options.accountId}:${settings.deadLetterQueue}`,
                maxReceiveCount: settings.maxReceiveCount,
              }),
            }
          : {}),
      };
      // As SQS: only the attributes asked for (All for every one), none when none are named.
      const wanted = (body.AttributeNames ?? []) as string[];
      return {
        Attributes: Object.fromEntries(
          Object.entries(all).filter(([attribute]) => wanted.includes('All') || wanted.includes(attribute)),
        ),
      };
    },
    async PurgeQueue(body) {
      options.queues.queue(queueName(body)).purge();
      return {};
    },
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const text = (await readBody(req, 1024 * 1024)).toString('utf8');
      let principal: LocalPrincipal;
      try {
        ({ principal } = await verifySigV4(
          {
            method: req.method ?? 'POST',
            host: String(req.headers.host ?? ''),
            path: stripQuery(req.url ?? '/'),
            headers: req.headers,
            body: text,
          },
          options.credentials,
          { scope: { service: 'sqs', region: options.region } },
        ));
      } catch (error) {
        throw new SqsError(
          'com.amazonaws.sqs#InvalidClientTokenId',
          'InvalidClientTokenId',
          error instanceof SignatureError ? error.message : 'The security token included in the request is invalid.',
          403,
        );
      }
      const target = String(req.headers['x-amz-target'] ?? '').replace(/^AmazonSQS\./, '');
      const operation = operations[target];
      if (!operation)
        throw new SqsError(
          'com.amazonaws.sqs#UnsupportedOperation',
          'AWS.SimpleQueueService.UnsupportedOperation',
          `The local SQS does not implement ${target || 'this request'}.`,
        );
      const body = JSON.parse(text || '{}') as Body;
      authorize(principal, target, body);
      sendJson(res, 200, await operation(body), JSON_HEADERS);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        return sendSqsError(
          res,
          new SqsError('com.amazon.coral.service#RequestEntityTooLarge', 'RequestEntityTooLarge', error.message, 413),
        );
      // Anything else is the guard's (local/lib/local-server.ts): logged, answered by answerSqsInternalError.
      if (!(error instanceof SqsError)) throw error;
      sendSqsError(res, error);
    }
  };
}

const JSON_HEADERS = { 'content-type': 'application/x-amz-json-1.0' };

function sendSqsError(res: ServerResponse, fault: SqsError): void {
  // SQS's IAM denials spell the member "Message"; its own errors "message".
  const messageKey = fault.queryCode === 'AccessDenied' ? 'Message' : 'message';
  sendJson(
    res,
    fault.status,
    { __type: fault.type, [messageKey]: fault.message },
    { ...JSON_HEADERS, 'x-amzn-query-error': `${fault.queryCode};${fault.status >= 500 ? 'Receiver' : 'Sender'}` },
  );
}

/** SQS's 500, for a request the handler failed on. */
export function answerSqsInternalError(res: ServerResponse): void {
  sendSqsError(res, new SqsError('com.amazonaws.sqs#InternalError', 'InternalError', 'The local SQS failed.', 500));
}
