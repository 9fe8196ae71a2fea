// One Lambda execution environment: a worker thread that loads one function's bundle once and
// runs one invocation at a time, as a Lambda sandbox does. Plain JS: it runs as it is in any home.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';

const module = await import(pathToFileURL(workerData.bundle).href);
// The handler setting's export, dots reaching into objects as Lambda's runtime resolves them.
const handler = workerData.exportPath.split('.').reduce((object, key) => object?.[key], module);

parentPort.on('message', async ({ requestId, event, deadline }) => {
  const context = {
    awsRequestId: requestId,
    functionName: workerData.functionName,
    memoryLimitInMB: String(workerData.memorySizeMb),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    callbackWaitsForEmptyEventLoop: true,
  };
  try {
    if (typeof handler !== 'function')
      throw Object.assign(new Error(`${workerData.bundle} does not export ${workerData.exportPath}`), {
        name: 'Runtime.HandlerNotFound',
      });
    const result = await handler(event, context);
    parentPort.postMessage({
      requestId,
      ok: true,
      result: result === undefined ? null : JSON.parse(JSON.stringify(result)),
    });
  } catch (error) {
    parentPort.postMessage({
      requestId,
      ok: false,
      errorType: error?.name || 'Error',
      errorMessage: error?.message || String(error),
    });
  }
});
parentPort.postMessage({ ready: true });
