// The few parts of m3u8-parser (videojs's HLS playlist parser) the tests read.
declare module 'm3u8-parser' {
  export interface ParsedPlaylist {
    playlists?: Array<{
      uri: string;
      attributes: Record<string, unknown> & {
        BANDWIDTH?: number;
        RESOLUTION?: { width: number; height: number };
        CODECS?: string;
      };
    }>;
    segments?: Array<{ uri: string; duration: number }>;
    endList?: boolean;
  }
  export class Parser {
    push(text: string): void;
    end(): void;
    manifest: ParsedPlaylist;
  }
}
