import type { Video } from '../../generated/graphql';

/**
 * A row of the videos table as DynamoDB answers it. The pipeline and registration may each write
 * it first, so any field but id can still be missing; feedKey is set once a DONE video is public.
 */
export type VideoRecord = { id: string; feedKey?: string } & Partial<Omit<Video, '__typename' | 'id'>>;
