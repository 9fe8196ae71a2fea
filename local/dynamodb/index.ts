export { startDynamoDb } from './emulator';
export type { DynamoDbEmulator } from './emulator';
export { ensureTables, loadTableDefinitions } from './tables';
