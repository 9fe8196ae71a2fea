import {
  CodeError,
  compileResolverCode,
  compileResolverCodeAsync,
  evaluateHandler,
} from '../../../../../local/appsync/runtime';

// The local AppSync compiles every resolver at start-up through esbuild's asynchronous API; the code
// must come out as compileResolverCode makes it, and fail as it fails. First in this file, so the
// sandbox thread is started from the bundles the asynchronous path made.

const header = 'import { util } from "@aws-appsync/utils";\n';

describe('compileResolverCodeAsync', () => {
  test('compiles many at once into one realm, each evaluating as compileResolverCode would', async () => {
    const sources = Array.from(
      { length: 8 },
      (_, index) =>
        `${header}export function request(ctx) { return { index: ${index}, id: util.isNull(ctx.arguments.id) ? 'none' : ctx.arguments.id }; }`,
    );
    const compiled = await Promise.all(sources.map((code, index) => compileResolverCodeAsync(code, `r${index}.js`)));
    expect(new Set(compiled.map((code) => code.thread)).size).toBe(1);
    compiled.forEach((code, index) => {
      const context = { arguments: { id: `v${index}` } };
      expect(evaluateHandler(code, 'request', context).result).toEqual({ index, id: `v${index}` });
      expect(evaluateHandler(code, 'request', context).result).toEqual(
        evaluateHandler(compileResolverCode(sources[index] as string, `sync${index}.js`), 'request', context).result,
      );
    });
  });

  test('refuses what compileResolverCode refuses, with the same CodeError', async () => {
    const syncError = (code: string, filename: string): unknown => {
      try {
        compileResolverCode(code, filename);
      } catch (error) {
        return error;
      }
      throw new Error(`compileResolverCode took ${filename}`);
    };
    const forbidden = 'import fs from "fs"; export function request() { return fs; }';
    const syntax = 'export function request( { return 1; }';
    await expect(compileResolverCodeAsync(forbidden, 'bad.js')).rejects.toBeInstanceOf(CodeError);
    await expect(compileResolverCodeAsync(forbidden, 'bad.js')).rejects.toEqual(syncError(forbidden, 'bad.js'));
    await expect(compileResolverCodeAsync(syntax, 'syntax.js')).rejects.toThrow(
      /^syntax\.js: .* \(line 1, column \d+\)$/,
    );
    await expect(compileResolverCodeAsync(syntax, 'syntax.js')).rejects.toEqual(syncError(syntax, 'syntax.js'));
  });
});
