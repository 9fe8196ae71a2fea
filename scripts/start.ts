// `npm start`: the build (only the targets whose sources changed: scripts/build-cache/), then the
// dev server, in one Node process. A second process would boot Node and tsx again, which costs as
// much as finding that nothing changed.
import '../local/compile-cache';
import { runDevServer } from '../local/dev-server';
import { describeBuildError, runBuild } from './build';

runBuild().then(runDevServer, (error: unknown) => {
  console.error(describeBuildError(error));
  process.exit(1);
});
