/**
 * Domain events are written to the outbox in the same transaction as the change they describe,
 * so an event exists exactly when its change committed. A dispatcher (notifications issue)
 * reads them in id order and delivers them at least once.
 */
import type { DbOrTx } from '../../db/client.js';
import { outboxEvents } from '../../db/schema/index.js';

export interface DomainEvent {
  type: string; // e.g. report.accepted
  aggregateType: string; // e.g. report
  aggregateId: string;
  payload: Record<string, unknown>;
}

export async function emitEvent(tx: DbOrTx, event: DomainEvent): Promise<void> {
  await tx.insert(outboxEvents).values(event);
}
