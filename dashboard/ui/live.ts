import type { LiveMessage } from '../wire.js';

/**
 * Listens to the server's live stream and hands messages over in batches, once per animation frame: however
 * fast they come, the page redraws at most once a frame and never queues work faster than it can paint.
 */
export function listen(query: string, onBatch: (messages: LiveMessage[]) => void): () => void {
  const source = new EventSource(`/api/events${query}`);
  let queue: LiveMessage[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length > 0) onBatch(batch);
  };
  source.onmessage = (event: MessageEvent<string>) => {
    queue.push(JSON.parse(event.data) as LiveMessage);
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(flush);
    }
  };
  return () => source.close();
}
