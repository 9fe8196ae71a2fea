import { PROBE_TIMEOUT_MS } from '../../../common/ffprobe';
import { loadLambdaSettings } from '../../../local/lambda/settings';
import { loadQueueDefinitions } from '../../../local/queues/definitions';

// terraform/queues.json's numbers agree with each other, with the consumers' timeouts in
// terraform/lambdas.json and with the code, in both homes (Terraform, local/queues and local/lambda
// read the same files): a batch fits in its consumer's timeout, a message stays hidden well past
// it, and process-upload's budget covers its probe.

const lambdas = loadLambdaSettings();
const consumers = loadQueueDefinitions().flatMap((queue) =>
  queue.consumer
    ? [
        {
          queue,
          consumer: queue.consumer,
          timeoutSeconds: lambdas.find((lambda) => lambda.name === queue.consumer?.function)?.timeoutSeconds ?? NaN,
        },
      ]
    : [],
);

describe('terraform/queues.json', () => {
  test('has consumers for both pipeline Lambdas', () => {
    expect(consumers.map(({ consumer }) => consumer.function).sort()).toEqual(['job-events', 'process-upload']);
  });

  test.each(consumers)(
    '$queue.name: a whole batch fits in the timeout, and visibility is 6x the timeout or more',
    ({ queue, consumer, timeoutSeconds }) => {
      expect(timeoutSeconds).toBeGreaterThan(0);
      expect(consumer.batchSize * consumer.recordBudgetSeconds).toBeLessThanOrEqual(timeoutSeconds);
      expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * timeoutSeconds);
      // AWS's minimum for an event source mapping's maximum concurrency.
      expect(consumer.maximumConcurrency).toBeGreaterThanOrEqual(2);
    },
  );

  test("process-upload's per-record budget covers a probe that runs to its timeout, plus its calls", () => {
    const uploads = consumers.find(({ consumer }) => consumer.function === 'process-upload')!.consumer;
    expect(uploads.recordBudgetSeconds).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS / 1000 + 10);
  });
});
