import type { PublishVideoStatusInput } from '../../../generated/graphql';

/** Announces a stored change to the owner's subscriptions; throws when the announcement failed. */
export interface StatusPublisher {
  publish(input: PublishVideoStatusInput): Promise<void>;
}
