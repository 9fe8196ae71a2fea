// The local cloud's web app: the built client and its /config.json.
export { buildLocalClientConfig } from './client-config';
export { DEFAULT_WEB_ROOT, startWebServer } from './web-server';
export type { WebServer, WebServerOptions } from './web-server';
export { NOT_BUILT_SENTENCE } from './not-built-page';
