export { ALLOWED_MODULES, CodeError, compileResolverCode, compileResolverCodeAsync } from './compile';
export type { CompiledCode } from './compile';
export { evaluateHandler, evaluateWithNoneDataSource } from './evaluate';
