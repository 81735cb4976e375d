import { MemoryEventStream } from '../../adapters/memory/memory-event-stream.js';
import { eventStreamContract } from './event-stream.contract.js';

eventStreamContract('memory', async () => {
  const stream = new MemoryEventStream();
  return { publisher: stream, reader: stream, cleanup: () => stream.close() };
});
