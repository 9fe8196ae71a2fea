import { readEndpoints } from '../../local/endpoints';
import type { Endpoints } from '../../local/endpoints';

/** The suite's local cloud (started by global-setup). */
export function testEndpoints(): Endpoints {
  const dataDir = process.env.VIDEOPIPE_TEST_DATA_DIR;
  if (!dataDir)
    throw new Error('VIDEOPIPE_TEST_DATA_DIR is not set: run the tests through jest, which starts the local cloud.');
  return readEndpoints(dataDir);
}
