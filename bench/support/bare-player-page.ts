import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ClientConfig } from '../../common/client-config';
import { startWebServer } from '../../local/web';

// The playback bench's baseline: a bare page that plays a master playlist with hls.js's defaults
// in a <video muted autoplay>, nothing else. hls.js is the client's own: the package in
// node_modules, in the build the player imports (hls.js/light, use-hls-player.ts), minified. The page
// is served by the local cloud's web server code (local/web), so it travels with the same headers
// (and compression) as the watch page's files.

export interface BarePlayerPage {
  url: string;
  close(): Promise<void>;
}

function pageHtml(masterPlaylistUrl: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <title>hls.js defaults</title>
  </head>
  <body>
    <video muted autoplay playsinline style="width: 100%"></video>
    <script src="/hls.light.min.js"></script>
    <script>
      const hls = new Hls();
      hls.loadSource(${JSON.stringify(masterPlaylistUrl)});
      hls.attachMedia(document.querySelector('video'));
    </script>
  </body>
</html>
`;
}

export async function startBarePlayerPage(
  masterPlaylistUrl: string,
  clientConfig: ClientConfig,
): Promise<BarePlayerPage> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'videopipe-bare-player-'));
  writeFileSync(path.join(root, 'index.html'), pageHtml(masterPlaylistUrl));
  copyFileSync(require.resolve('hls.js/dist/hls.light.min.js'), path.join(root, 'hls.light.min.js'));
  // The web server answers /config.json itself; the bare page never asks for it.
  const server = await startWebServer({ port: 0, root, clientConfig: () => clientConfig });
  return {
    url: `${server.url}/`,
    async close() {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
