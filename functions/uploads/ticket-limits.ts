import type { PipelineLimits } from '../../common/constants/pipeline-limits';
import { LimitExceededError } from '../lib/errors';
import { tooManyProcessing, tooManyTickets } from '../lib/limit-messages';
import type { UsageCounter } from '../lib/ports/usage-counter';
import type { OwnerVideos } from '../lib/ports/video-store';
import { usageKey, utcMinute } from '../lib/usage-windows';

// Who may get an upload ticket now: not someone with the most videos processing already, and not
// past the tickets of this minute. Processing first, so a refusal for it spends no ticket.

export interface TicketLimitDependencies {
  ownerVideos: OwnerVideos;
  usage: UsageCounter;
  limits: Pick<PipelineLimits, 'processingVideosPerUser' | 'uploadTicketsPerUserPerMinute'>;
  now?: () => number;
}

/** Counts the ticket, or throws LimitExceededError with a sentence that says when to try again. */
export async function countTicket(userId: string, dependencies: TicketLimitDependencies): Promise<void> {
  const { limits } = dependencies;
  const processing = await dependencies.ownerVideos.countProcessing(userId);
  if (processing >= limits.processingVideosPerUser)
    throw new LimitExceededError(tooManyProcessing(processing, limits.processingVideosPerUser));
  const now = (dependencies.now ?? Date.now)();
  const minute = utcMinute(now);
  const ticket = await dependencies.usage.add({
    key: usageKey('upload-tickets', userId, minute),
    amount: 1,
    limit: limits.uploadTicketsPerUserPerMinute,
    expiresAtEpochSeconds: Math.ceil(minute.endsAt / 1000),
  });
  if (!ticket.counted)
    throw new LimitExceededError(tooManyTickets(limits.uploadTicketsPerUserPerMinute, now, minute.endsAt));
}
