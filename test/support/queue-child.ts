// Run by queues.test.ts as its own process, then SIGKILLed: sends, receives, deletes, and waits.
// argv: dataDir, and the epoch ms its queue's clock stands at (the test's clock).
import { DurableQueue } from '../../local/queues';

const [dataDir, clockMs] = process.argv.slice(2);
if (dataDir === undefined || clockMs === undefined) throw new Error('usage: queue-child.ts <dataDir> <epoch ms>');
const now = Number(clockMs);
const queue = new DurableQueue(
  { name: 'work', visibilityTimeoutSeconds: 1, messageRetentionSeconds: 3600 },
  dataDir,
  () => now,
);
for (let i = 0; i < 10; i += 1) queue.send(`message ${i}`);
const [first, second] = queue.receive(2, () => undefined);
if (!first || !second) throw new Error('the queue gave fewer than 2 of the 10 messages just sent');
queue.deleteByReceipt(first.receiptHandle);
console.log(JSON.stringify({ deleted: first.body, inFlight: second.body }));
setInterval(() => undefined, 1000);
