/** Test helpers for the report lifecycle: multipart bodies, images, and "did anything change?" snapshots. */
import { count, eq } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from '../../../../db/client.js';
import { auditLog, idempotencyKeys, outboxEvents, reportEvents, reportMedia, reports, reportSupporters } from '../../../../db/schema/index.js';

/** A small real JPEG. */
export function jpeg(width = 64, height = 48, colour = '#c33'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).jpeg().toBuffer();
}

/** A multipart/form-data body for app.inject. */
export async function multipartForm(fields: Record<string, string>, files: Array<{ field: string; data: Buffer; filename?: string; type?: string }> = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.field, new Blob([new Uint8Array(file.data)], { type: file.type ?? 'image/jpeg' }), file.filename ?? 'photo.jpg');
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), headers: { 'content-type': encoded.headers.get('content-type')! } };
}

/**
 * Everything a command could have written about a report: the row, its media, its events and
 * supporters, and the totals of the outbox, the audit log and stored idempotent answers.
 */
export async function snapshot(db: Db, reportId: string) {
  const [row] = await db.select().from(reports).where(eq(reports.id, reportId));
  const media = await db.select().from(reportMedia).where(eq(reportMedia.reportId, reportId));
  const [events] = await db.select({ n: count() }).from(reportEvents).where(eq(reportEvents.reportId, reportId));
  const [supporters] = await db.select({ n: count() }).from(reportSupporters).where(eq(reportSupporters.reportId, reportId));
  const [outbox] = await db.select({ n: count() }).from(outboxEvents);
  const [audit] = await db.select({ n: count() }).from(auditLog);
  const [keys] = await db.select({ n: count() }).from(idempotencyKeys);
  return { row, media, events: events!.n, supporters: supporters!.n, outbox: outbox!.n, audit: audit!.n, idempotencyKeys: keys!.n };
}
