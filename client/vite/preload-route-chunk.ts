import type { Plugin } from 'vite';

// A load that opens on a lazy route needs that route's chunk, which the entry asks for only once it
// has downloaded, run, and fetched config.json. This puts a line of script in index.html that, on
// that route's paths alone, adds a modulepreload link for the chunk, so it downloads beside the
// entry. Other pages load as before (and the entry budget, which counts index.html's own
// modulepreload links, is unchanged).

export interface RouteChunkPreload {
  /** Paths that start with this get the chunk preloaded ("/watch/"). */
  pathPrefix: string;
  /** The route's page module, as the build resolves it (an absolute path). */
  module: string;
}

export function preloadRouteChunk({ pathPrefix, module }: RouteChunkPreload): Plugin {
  return {
    name: 'videopipe:preload-route-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle, server }) {
        if (server || !bundle) return undefined;
        const chunk = Object.values(bundle).find(
          (output) => output.type === 'chunk' && output.isDynamicEntry && output.facadeModuleId === module,
        );
        if (!chunk) throw new Error(`The build has no lazy chunk for ${module} to preload.`);
        const link = `const link = document.createElement('link'); link.rel = 'modulepreload'; link.href = ${JSON.stringify(`/${chunk.fileName}`)}; document.head.append(link);`;
        return [
          {
            tag: 'script',
            injectTo: 'head',
            children: `if (location.pathname.startsWith(${JSON.stringify(pathPrefix)})) { ${link} }`,
          },
        ];
      },
    },
  };
}
