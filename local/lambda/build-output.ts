import { existsSync } from 'node:fs';
import path from 'node:path';

// Where a function's code and layers are once `npm run build` has run: the same files Terraform zips.

const buildDir = path.resolve(__dirname, '..', '..', 'build');

/** A handler setting ("index.handler") split as Lambda's Node.js runtime splits it. */
export interface HandlerLocation {
  /** The module Lambda loads: <module>.js, .mjs or .cjs in the function's folder, in that order. */
  file: string;
  /** The export Lambda calls; dots reach into nested objects ("lib.handlers.main"). */
  exportPath: string;
}

/** The module and export Lambda runs for a function's handler setting, in build/functions/<name>/. */
export function handlerLocation(name: string, handler: string): HandlerLocation {
  const slash = handler.lastIndexOf('/');
  const dot = handler.indexOf('.', slash + 1);
  if (dot < 0) throw new Error(`${name}: the handler "${handler}" is not <module>.<export>.`);
  const base = path.join(buildDir, 'functions', name, handler.slice(0, dot));
  const file = ['.js', '.mjs', '.cjs'].map((extension) => base + extension).find((candidate) => existsSync(candidate));
  // Not built yet: name the file the build writes, so the import error says what is missing.
  return { file: file ?? `${base}.mjs`, exportPath: handler.slice(dot + 1) };
}

/**
 * A layer's file as a function sees it: Lambda unpacks layers under /opt, and locally /opt is the
 * layer's folder the build wrote (build/layers/<name>/), so `/opt/bin/ffprobe` is the very binary
 * AWS runs. Missing files stop the start with a sentence rather than failing every invocation.
 */
export function layerFile(layer: string, optPath: string): string {
  if (!optPath.startsWith('/opt/')) throw new Error(`${optPath} is not under /opt, where Lambda puts layers.`);
  const file = path.join(buildDir, 'layers', layer, optPath.slice('/opt/'.length));
  if (!existsSync(file))
    throw new Error(
      `${path.relative(process.cwd(), file)} is missing: run npm run build (it builds the ${layer} layer).`,
    );
  return file;
}

/** An /opt path in a function with these layers: Lambda extracts them in order, so the last one holding the file wins. */
export function functionLayerFile(layers: string[], optPath: string): string {
  const last = layers.at(-1);
  if (last === undefined) throw new Error(`${optPath} names a layer file, but the function has no layers.`);
  const holder = [...layers].reverse().find((layer) => {
    try {
      return Boolean(layerFile(layer, optPath));
    } catch {
      return false;
    }
  });
  return layerFile(holder ?? last, optPath);
}
