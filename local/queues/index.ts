export { QueueService } from './queue-service';
export { answerSqsInternalError, createSqsApiHandler } from './sqs-api';
export type { SqsApiOptions } from './sqs-api';
export { DurableQueue } from './queue';
export { loadQueueDefinitions } from './definitions';
export type { ConsumerDefinition, QueueDefinition } from './definitions';
export type { QueueSettings, ReceivedMessage, StoredMessage } from './queue';
export type { Consumer, SqsEvent, SqsRecord } from './consumer';
