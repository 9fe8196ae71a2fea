// hls.js's light build (no alternate audio, subtitles, DRM, CMCD or content steering, which these
// streams never use) has the full build's API; the package ships no types for the subpath.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
