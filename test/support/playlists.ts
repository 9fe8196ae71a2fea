import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

// Hostile playlists (issue 14): text files that name other files or addresses, uploaded as
// videos, and a listener that records every request one makes anyone send.

/** An HLS media playlist of these segment URIs, 2 s each. */
export function hlsPlaylist(segments: string[]): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:2',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    ...segments.flatMap((uri) => ['#EXTINF:2.0,', uri]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** An ffconcat list (the concat demuxer's own header) of these files. */
export function ffconcatList(files: string[]): string {
  return ['ffconcat version 1.0', ...files.map((file) => `file '${file}'`), ''].join('\n');
}

export interface Listener {
  /** http://127.0.0.1:<port> */
  url: string;
  /** Every request's path, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * An HTTP server on 127.0.0.1 standing for an address inside the network: it records each request
 * and, when given a folder, serves its files (so a followed segment would really play).
 */
export async function startListener(serveDir?: string): Promise<Listener> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const file = serveDir && path.join(serveDir, path.basename(new URL(request.url ?? '/', 'http://x').pathname));
    try {
      if (!file) throw new Error('nothing served');
      response.writeHead(200, { 'Content-Length': statSync(file).size });
      createReadStream(file).pipe(response);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
