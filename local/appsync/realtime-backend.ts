import { GraphQLError } from 'graphql';
import type { RequestAuthenticator } from './auth/request-auth';
import { RequestUnauthorizedError } from './auth/errors';
import type { GraphQLEngine } from './graphql-engine';
import type { RealtimeBackend } from './realtime/types';
import type { Caller } from './types';

export interface RealtimeBackendOptions {
  engine: GraphQLEngine;
  authenticate: RequestAuthenticator;
  triggers: Map<string, string[]>;
}

/** The AppSync side of the real-time protocol: the same auth and resolvers as the HTTP endpoint. */
export function createRealtimeBackend({ engine, authenticate, triggers }: RealtimeBackendOptions): RealtimeBackend {
  return {
    async authenticate(authorization, body): Promise<Caller> {
      const headers = Object.fromEntries(
        Object.entries(authorization).map(([name, value]) => [name.toLowerCase(), String(value)]),
      );
      // Clients sign the handshake as a request to <graphql url>/connect with body {}, and each start to the GraphQL URL with its data.
      const path = body === '{}' ? '/graphql/connect' : '/graphql';
      try {
        return await authenticate({ method: 'POST', host: headers.host ?? '', path, headers, body }, '127.0.0.1');
      } catch (error) {
        if (error instanceof RequestUnauthorizedError)
          throw Object.assign(new Error(error.message), { errorType: 'UnauthorizedException' });
        throw error;
      }
    },

    async subscribe(request) {
      const prepared = engine.prepare(request.query);
      if (Array.isArray(prepared)) {
        return {
          ok: false,
          errors: (prepared as readonly GraphQLError[]).map((error) => ({
            errorType: 'ValidationError',
            message: error.message,
          })),
        };
      }
      const document = prepared as Exclude<typeof prepared, readonly GraphQLError[]>;
      const operation = { ...request, headers: {} };
      const registration = await engine.registerSubscription(document, operation);
      if (registration.errors) {
        return {
          ok: false,
          errors: registration.errors.map((error) => ({
            errorType: error.errorType ?? 'ValidationError',
            message: error.message,
          })),
        };
      }
      const argumentFilters = Object.fromEntries(
        Object.entries(registration.arguments).filter(([, value]) => value !== null && value !== undefined),
      );
      return {
        ok: true,
        subscription: {
          fieldName: registration.fieldName,
          triggerMutations: triggers.get(registration.fieldName) ?? [],
          argumentFilters,
          filter: registration.filter,
          caller: request.caller,
          render: (mutationResult) =>
            engine.renderSubscriptionEvent(document, operation, registration.fieldName, mutationResult),
          renderKey: engine.subscriptionRenderKey(operation, registration.fieldName),
        },
      };
    },
  };
}
