// What the local real-time endpoint sends, in AppSync's words where they are known (README,
// "Real-time limits"): UnsupportedOperation's sentence and MaxSubscriptionsReachedError's are
// AppSync's own, as clients have logged them.

export interface RealtimeError {
  errorType: string;
  message: string;
}

export interface ServerMessage {
  type: string;
  id?: string;
  payload?: unknown;
}

/**
 * A `data` message as JSON.stringify({ id, type: 'data', payload }) writes it, around a payload
 * serialized once for all the subscribers it goes to.
 */
export function dataMessage(id: string, payloadJson: string): string {
  return `{"id":${JSON.stringify(id)},"type":"data","payload":${payloadJson}}`;
}

/** An `error` message; with an id it ends that subscription, without one it is about the connection. */
export function errorMessage(errors: RealtimeError[], id?: string): ServerMessage {
  return { ...(id === undefined ? {} : { id }), type: 'error', payload: { errors } };
}

/** AppSync's answer to any message it cannot take as connection_init, start or stop. */
export const UNSUPPORTED_OPERATION: ServerMessage = errorMessage([
  { errorType: 'UnsupportedOperation', message: 'unknown not supported through the realtime channel' },
]);

/** A start or stop whose id is missing or not a string: no subscription to attribute it to. */
export const MISSING_ID: ServerMessage = errorMessage([
  { errorType: 'MalformedRequestError', message: 'A start or stop message needs a string id.' },
]);

export function malformedStart(id: string): ServerMessage {
  return errorMessage(
    [
      {
        errorType: 'MalformedRequestError',
        message: 'The start payload must be an object whose data is a JSON string with a query.',
      },
    ],
    id,
  );
}

export function duplicatedOperation(id: string): ServerMessage {
  return errorMessage(
    [{ errorType: 'DuplicatedOperationError', message: 'Subscription with this id already exists.' }],
    id,
  );
}

/** AppSync sends this one with `errors` as a single object, not a list: so does the local endpoint. */
export function maxSubscriptionsReached(id: string, max: number): ServerMessage {
  return {
    id,
    type: 'error',
    payload: {
      errors: { errorType: 'MaxSubscriptionsReachedError', message: `Max number of ${max} subscriptions reached` },
    },
  };
}

export function internalFailure(id?: string): ServerMessage {
  return errorMessage([{ errorType: 'InternalFailure', message: 'An internal error occurred.' }], id);
}

export const SEND_CONNECTION_INIT_FIRST: ServerMessage = {
  type: 'connection_error',
  payload: { errors: [{ errorType: 'ProtocolError', message: 'Send connection_init first.' }] },
};
