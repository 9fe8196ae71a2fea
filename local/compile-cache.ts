// Imported first by the dev server and by `npm start`: V8 keeps the code it compiles for every
// module loaded after this one on disk (Node's compile cache, keyed by each file's content and the
// Node version), so a second start compiles the AWS SDK, graphql and the local cloud no more.
// NODE_COMPILE_CACHE=<dir> moves it (default <tmp>/node-compile-cache); NODE_DISABLE_COMPILE_CACHE=1
// turns it off.
import { enableCompileCache } from 'node:module';

enableCompileCache();
