export { LambdaError, LambdaRuntime } from './runtime';
export type { FunctionDefinition, LambdaRuntimeOptions } from './runtime';
export { functionLayerFile, handlerLocation, layerFile } from './build-output';
export type { HandlerLocation } from './build-output';
export { buildFunctionDefinition, LAMBDA_SETTING_FIELDS, loadLambdaSettings } from './settings';
export type { LambdaSettings, LocalEnvironment } from './settings';
