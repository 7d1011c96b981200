/**
 * Runs the deadline sweep every minute while the server is up (not in tests: they call
 * `sweepDeadlines` with the `now` they need). One run at a time; closing the app waits for a
 * run in progress before the database goes away. With several app instances each one sweeps:
 * rows are locked with SKIP LOCKED and every mark is conditional, so a report is never marked
 * twice.
 */
import type { FastifyInstance } from 'fastify';
import { sweepDeadlines, type SweepContext } from './sweepDeadlines.js';

export const SWEEP_INTERVAL_MS = 60_000;

export function scheduleDeadlineSweep(app: FastifyInstance, ctx: SweepContext, intervalMs = SWEEP_INTERVAL_MS): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const runOnce = () => {
    if (running) return;
    running = sweepDeadlines(ctx, new Date())
      .then((result) => {
        if (result.overdue + result.dueSoon + result.escalated + result.autoClosed > 0) app.log.info({ sweep: result }, 'deadline sweep');
      })
      .catch((err: unknown) => { app.log.error({ err }, 'deadline sweep failed'); })
      .finally(() => { running = null; });
  };

  app.addHook('onReady', async () => {
    timer = setInterval(runOnce, intervalMs);
    timer.unref();
  });
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}
