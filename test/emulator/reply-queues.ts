// Scripted replies waiting for the requests they answer, first in first out, per key (a method,
// an Entra endpoint, or a tenant and a method).
import type { Reply } from './types.js';

export interface ReplyQueues<K> {
  /** Appends to that key's queue. */
  push(key: K, replies: Reply[]): void;
  /** Takes the next reply of that key, if any. */
  shift(key: K): Reply | undefined;
  clear(): void;
}

export function createReplyQueues<K>(): ReplyQueues<K> {
  const queues = new Map<K, Reply[]>();
  return {
    push(key, replies) {
      queues.set(key, [...(queues.get(key) ?? []), ...replies]);
    },
    shift: (key) => queues.get(key)?.shift(),
    clear: () => queues.clear(),
  };
}
