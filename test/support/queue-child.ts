// Run by queues.test.ts as its own process, then SIGKILLed: sends, receives, deletes, and waits.
// argv: dataDir, and the epoch ms its queue's clock stands at (the test's clock).
import { DurableQueue } from '../../local/queues';

const now = Number(process.argv[3]);
const queue = new DurableQueue(
  { name: 'work', visibilityTimeoutSeconds: 1, messageRetentionSeconds: 3600 },
  process.argv[2],
  () => now,
);
for (let i = 0; i < 10; i += 1) queue.send(`message ${i}`);
const [first, second] = queue.receive(2, () => undefined);
queue.deleteByReceipt(first.receiptHandle);
console.log(JSON.stringify({ deleted: first.body, inFlight: second.body }));
setInterval(() => undefined, 1000);
