export type { Broker, Consumer, ConsumeOptions, EnqueueRequest, TaskMessage } from './broker.js';
export type { Clock } from './clock.js';
export type { IdGenerator } from './ids.js';
export type { BeginResult, CommitResult, JoinSlot, NodeRecord, RecoverableStore, ResultStore, WorkflowRecord } from './result-store.js';
export { isRecoverable } from './result-store.js';

/** Everything the engine needs from the outside world; an adapter provides the store and the broker. */
export interface Ports {
  readonly store: import('./result-store.js').ResultStore;
  readonly broker: import('./broker.js').Broker;
  readonly clock: import('./clock.js').Clock;
  readonly ids: import('./ids.js').IdGenerator;
}
