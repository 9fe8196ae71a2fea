import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { FEED_KEY } from '../../../common/constants/feed';
import type { AcceptedSource, JobTransition, PipelineVideo, VideoChange } from '../pipeline-video';
import { VIDEO_STATUS } from '../pipeline-video';
import type { ProcessingRecordOptions, VideoStore } from '../ports/video-store';
import { isConditionFailure } from './dynamodb-errors';

// The VideoStore on the `videos` table. Each method is one conditional UpdateItem: the condition
// is where the pipeline's rules hold even when two events race (a failed condition is a no-op).

interface UpdateSpec {
  /** SET #name = :name for each defined value. */
  set: Record<string, unknown>;
  /** SET #name = if_not_exists(#name, :name): fields another writer (createVideo) may own. */
  setIfAbsent?: Record<string, unknown>;
  /** REMOVE #name: a finished video leaves the watchdog's index. */
  remove?: string[];
  /** Refers to attributes as #name and to values as :name (of `set`, or of `conditionValues`). */
  condition: string;
  conditionValues?: Record<string, unknown>;
}

function defined(fields: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(fields).filter(([, value]) => value !== undefined);
}

/** Names every attribute through #placeholders (status is a reserved word) and lists only the ones used. */
export function buildUpdateExpression(
  spec: UpdateSpec,
): Pick<
  UpdateCommandInput,
  'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
> {
  const set = defined(spec.set);
  const setIfAbsent = defined(spec.setIfAbsent ?? {});
  const assignments = [
    ...set.map(([name]) => `#${name} = :${name}`),
    ...setIfAbsent.map(([name]) => `#${name} = if_not_exists(#${name}, :${name})`),
  ];
  const updateExpression = `SET ${assignments.join(', ')}${spec.remove?.length ? ` REMOVE ${spec.remove.map((name) => `#${name}`).join(', ')}` : ''}`;
  const names = new Set([...`${updateExpression} ${spec.condition}`.matchAll(/#(\w+)/g)].map((match) => match[1]!));
  return {
    UpdateExpression: updateExpression,
    ConditionExpression: spec.condition,
    ExpressionAttributeNames: Object.fromEntries([...names].map((name) => [`#${name}`, name])),
    ExpressionAttributeValues: {
      ...Object.fromEntries([...set, ...setIfAbsent].map(([name, value]) => [`:${name}`, value])),
      ...spec.conditionValues,
    },
  };
}

/** The fields a change sets, and the extra condition that keeps it in order. */
function changeUpdate(change: VideoChange, hasTitle: boolean): { set: Record<string, unknown>; condition?: string } {
  switch (change.type) {
    case 'progress':
      return { set: { progress: change.progress }, condition: '#progress < :progress' };
    case 'done':
      return {
        set: {
          status: VIDEO_STATUS.DONE,
          progress: 100,
          ...change.completed,
          feedKey: hasTitle ? FEED_KEY : undefined,
        },
        // The feed lists titled videos only; createVideo lists a video it finds DONE (add-to-feed-if-done).
        condition: hasTitle ? 'attribute_exists(#title)' : 'attribute_not_exists(#title)',
      };
    case 'failed':
      return { set: { status: VIDEO_STATUS.FAILED, failureReason: change.failureReason } };
  }
}

export class DynamoDbVideoStore implements VideoStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  async getVideo(videoId: string): Promise<PipelineVideo | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { id: videoId }, ConsistentRead: true }),
    );
    return Item as PipelineVideo | undefined;
  }

  async createProcessingRecord(options: ProcessingRecordOptions): Promise<boolean> {
    const now = this.now();
    const written = await this.update(options.videoId, {
      set: { userId: options.userId, updatedAt: now, jobId: options.jobId, deadlineAt: options.deadlineAt },
      setIfAbsent: { status: VIDEO_STATUS.PROCESSING, progress: 0, createdAt: now },
      condition:
        'attribute_not_exists(#id) OR (#userId = :userId AND #status = :processing AND attribute_not_exists(#jobId) AND attribute_not_exists(#acceptedSource))',
      conditionValues: { ':processing': VIDEO_STATUS.PROCESSING },
    });
    return written !== undefined;
  }

  acceptUpload(
    videoId: string,
    accepted: { userId: string; source: AcceptedSource; deadlineAt: string },
  ): Promise<PipelineVideo | undefined> {
    return this.update(videoId, {
      set: { acceptedSource: accepted.source, deadlineAt: accepted.deadlineAt, updatedAt: this.now() },
      condition:
        'attribute_exists(#id) AND #userId = :owner AND #status = :processing AND attribute_not_exists(#jobId)',
      conditionValues: { ':owner': accepted.userId, ':processing': VIDEO_STATUS.PROCESSING },
    });
  }

  async recordJobId(videoId: string, jobId: string, deadlineAt?: string): Promise<boolean> {
    const written = await this.update(videoId, {
      set: { jobId, updatedAt: this.now(), deadlineAt },
      condition:
        'attribute_exists(#id) AND #status = :processing AND (attribute_not_exists(#jobId) OR #jobId = :jobId)',
      conditionValues: { ':processing': VIDEO_STATUS.PROCESSING },
    });
    return written !== undefined;
  }

  markFailed(videoId: string, failureReason: string): Promise<PipelineVideo | undefined> {
    return this.update(videoId, {
      set: { status: VIDEO_STATUS.FAILED, failureReason, updatedAt: this.now() },
      remove: ['deadlineAt'],
      condition: 'attribute_exists(#id) AND #status = :processing',
      conditionValues: { ':processing': VIDEO_STATUS.PROCESSING },
    });
  }

  applyJobTransition(videoId: string, transition: JobTransition): Promise<PipelineVideo | undefined> {
    const change = changeUpdate(transition.change, transition.hasTitle);
    const inOrder = '#jobId = :expectedJobId AND #status = :processing';
    return this.update(videoId, {
      set: { ...change.set, updatedAt: this.now(), lastJobEventId: transition.eventId },
      remove: transition.change.type === 'progress' ? undefined : ['deadlineAt'],
      condition: change.condition ? `${inOrder} AND ${change.condition}` : inOrder,
      conditionValues: { ':expectedJobId': transition.jobId, ':processing': VIDEO_STATUS.PROCESSING },
    });
  }

  /** The record as written, or undefined when the condition did not hold. */
  private async update(videoId: string, spec: UpdateSpec): Promise<PipelineVideo | undefined> {
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { id: videoId },
          ...buildUpdateExpression(spec),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes as PipelineVideo;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }
}
