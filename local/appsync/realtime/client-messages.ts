import type { RawData } from 'ws';
import { malformedStart, MISSING_ID, UNSUPPORTED_OPERATION } from './server-messages';
import type { ServerMessage } from './server-messages';

// What a client sends, read without trusting any of it: a frame is JSON of any shape (`null`, a
// number, a list, an object with a numeric type), text or binary. Anything that is not one of the
// protocol's three messages, well formed, comes back as the answer AppSync gives instead.

export type ClientMessage =
  { type: 'connection_init' } | { type: 'start'; id: string; payload: unknown } | { type: 'stop'; id: string };

export type Reading<T> = { ok: true; value: T } | { ok: false; answer: ServerMessage };

/** A subscription's start, checked: the request from `data`, and the start's own authorization. */
export interface StartRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  /** The string an IAM client signed, exactly as sent. */
  data: string;
  /** The start's header object, string values only. */
  authorization: Record<string, string>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const refuse = <T>(answer: ServerMessage): Reading<T> => ({ ok: false, answer });
const accept = <T>(value: T): Reading<T> => ({ ok: true, value });

/** The frame's text, whether it came as a text or a binary frame, whole or in fragments. */
export function frameText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(data)).toString('utf8');
}

export function readClientMessage(text: string): Reading<ClientMessage> {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return refuse(UNSUPPORTED_OPERATION);
  }
  if (!isRecord(message)) return refuse(UNSUPPORTED_OPERATION);
  const { type, id } = message;
  if (type === 'connection_init') return accept({ type });
  if (type !== 'start' && type !== 'stop') return refuse(UNSUPPORTED_OPERATION);
  if (typeof id !== 'string' || id === '') return refuse(MISSING_ID);
  return accept(type === 'start' ? { type, id, payload: message.payload } : { type, id });
}

function stringValues(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

export function readStartPayload(id: string, payload: unknown): Reading<StartRequest> {
  if (!isRecord(payload) || typeof payload.data !== 'string') return refuse(malformedStart(id));
  let request: unknown;
  try {
    request = JSON.parse(payload.data);
  } catch {
    return refuse(malformedStart(id));
  }
  if (!isRecord(request) || typeof request.query !== 'string') return refuse(malformedStart(id));
  const { variables, operationName } = request;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return refuse(malformedStart(id));
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return refuse(malformedStart(id));
  const extensions = isRecord(payload.extensions) ? payload.extensions : {};
  return accept({
    query: request.query,
    variables: variables ?? {},
    operationName: operationName ?? null,
    data: payload.data,
    authorization: stringValues(extensions.authorization),
  });
}
