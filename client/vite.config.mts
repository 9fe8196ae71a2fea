// The web client's build: `npm run build` writes it to build/client/, which the dev server serves
// (with /config.json) and Terraform uploads. `npm run dev:client` serves it with live reload, with
// /config.json and nothing else proxied to the running local cloud's web server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';
import { WATCH_PATH_PREFIX } from './src/pages/watch-path';
import { preloadRouteChunk } from './vite/preload-route-chunk';

const here = import.meta.dirname;
const repoRoot = path.resolve(here, '..');

function localWebUrl(): string {
  try {
    const endpoints = JSON.parse(readFileSync(path.join(repoRoot, '.data', 'endpoints.json'), 'utf8')) as {
      webUrl?: string;
    };
    return endpoints.webUrl ?? 'http://127.0.0.1:4100';
  } catch {
    return 'http://127.0.0.1:4100';
  }
}

export default defineConfig({
  root: here,
  base: '/',
  publicDir: 'public',
  plugins: [
    preloadRouteChunk({ pathPrefix: WATCH_PATH_PREFIX, module: path.join(here, 'src', 'pages', 'WatchPage.tsx') }),
  ],
  build: {
    outDir: path.join(repoRoot, 'build', 'client'),
    emptyOutDir: true,
    sourcemap: true,
    // Amplify UI and hls.js are big; the warning would only repeat what we know.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // React libraries' "use client" markers mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/config.json': { target: localWebUrl(), changeOrigin: true } },
  },
});
