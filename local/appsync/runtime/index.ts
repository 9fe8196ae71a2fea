export { ALLOWED_MODULES, CodeError, compileResolverCode } from './compile';
export type { CompiledCode } from './compile';
export { evaluateHandler } from './evaluate';
