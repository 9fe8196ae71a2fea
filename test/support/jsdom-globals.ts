// jsdom lacks a few globals Node has and the browser has (react-router needs TextEncoder); give
// component tests Node's. A no-op in the node environment.
import { TextDecoder, TextEncoder } from 'node:util';

if (typeof globalThis.TextEncoder === 'undefined') Object.assign(globalThis, { TextEncoder, TextDecoder });
