import { transform, transformSync } from 'esbuild';
import type { TransformOptions } from 'esbuild';
import { prepareSandboxBundles, RealmThread } from './realm-thread';

export const ALLOWED_MODULES = ['@aws-appsync/utils', '@aws-appsync/utils/dynamodb'];

/** Code AppSync would refuse to take: a syntax error or an import it does not provide. */
export class CodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CodeError';
  }
}

export interface CompiledCode {
  readonly filename: string;
  /** @internal the thread whose realm the code is registered in */
  readonly thread: RealmThread;
  readonly id: string;
}

let sharedThread: RealmThread | undefined;
let counter = 0;

function transformOptions(filename: string): TransformOptions {
  return { format: 'cjs', loader: 'js', target: 'es2020', sourcefile: filename, logLevel: 'silent' };
}

function codeErrorOf(error: unknown, filename: string): CodeError {
  const first = (error as { errors?: Array<{ text: string; location?: { line: number; column: number } }> })
    .errors?.[0];
  const where = first?.location ? ` (line ${first.location.line}, column ${first.location.column + 1})` : '';
  return new CodeError(`${filename}: ${first?.text ?? String(error)}${where}`);
}

/** Compiles an APPSYNC_JS ESM bundle into the shared sandbox realm, once. */
export function compileResolverCode(code: string, filename: string): CompiledCode {
  let commonJs: string;
  try {
    commonJs = transformSync(code, transformOptions(filename)).code;
  } catch (error) {
    throw codeErrorOf(error, filename);
  }
  return instantiate(commonJs, filename);
}

/**
 * compileResolverCode through esbuild's asynchronous API, for compiling every resolver at start-up:
 * esbuild's synchronous API starts a worker thread and blocks until esbuild answers through it.
 */
export async function compileResolverCodeAsync(code: string, filename: string): Promise<CompiledCode> {
  const commonJs = await transform(code, transformOptions(filename)).then(
    (result) => result.code,
    (error: unknown) => {
      throw codeErrorOf(error, filename);
    },
  );
  await prepareSandboxBundles();
  return instantiate(commonJs, filename);
}

function instantiate(commonJs: string, filename: string): CompiledCode {
  // Imports become calls to a loader only the harness holds; the code itself sees no `require`.
  const linked = commonJs.replace(/\brequire\(("[^"]*"|'[^']*')\)/g, (_call, quoted: string) => {
    const name = quoted.slice(1, -1);
    if (!ALLOWED_MODULES.includes(name)) {
      throw new CodeError(
        `${filename}: imports '${name}'; APPSYNC_JS code may import only ${ALLOWED_MODULES.join(' and ')}`,
      );
    }
    return `__appsyncImport(${quoted})`;
  });
  sharedThread ??= new RealmThread();
  const id = `code-${(counter += 1)}`;
  const source = `(function (exports, __appsyncImport, module) { "use strict";\n${linked}\n})`;
  try {
    sharedThread.register({ id, filename, source });
  } catch (error) {
    throw new CodeError(`${filename}: ${(error as Error).message}`);
  }
  return { filename, thread: sharedThread, id };
}
