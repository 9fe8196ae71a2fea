import { InMemoryCache } from '@apollo/client';
import type { FieldPolicy, Reference } from '@apollo/client';

interface Connection {
  items: Reference[];
  nextToken: string | null;
}

/** nextToken pages of one list: a first page replaces, later pages append (without repeats). */
function paginated(): FieldPolicy<Connection> {
  return {
    keyArgs: false,
    merge(existing, incoming, { args }) {
      if (!existing || !args?.nextToken) return incoming;
      const seen = new Set(existing.items.map((item) => item.__ref));
      return { ...incoming, items: [...existing.items, ...incoming.items.filter((item) => !seen.has(item.__ref))] };
    },
  };
}

/** The client's cache: Videos by id, multipart uploads by video id, the two lists paged by nextToken. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      // Known by the video it becomes (it has no id of its own).
      MultipartUpload: { keyFields: ['videoId'] },
      Query: {
        fields: {
          listVideos: paginated(),
          listMyVideos: paginated(),
          // A video already seen in a list opens at once; the full record follows from the network.
          getVideo: {
            read(existing: Reference | undefined, { args, toReference, canRead }) {
              if (existing !== undefined) return existing;
              const cached = toReference({ __typename: 'Video', id: args?.id as string });
              return canRead(cached) ? cached : undefined;
            },
          },
        },
      },
    },
  });
}
