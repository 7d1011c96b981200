/**
 * The officials' view of a report (the lead's `presentReportForOfficial`), read through the
 * caller's transaction when there is one: a command's answer is stored with its change for
 * Idempotency-Key replays, and on PGlite a second connection does not exist to read it with.
 */
import type { Db, DbOrTx } from '../../../db/client.js';
import type { Language } from '../../../platform/i18n/language.js';
import type { ModuleContext } from '../../moduleContext.js';
import { presentReportForOfficial, type ReportOfficial } from '../presenters.js';
import { mediaOf, timelineOf, type ReportRow } from '../reportRepository.js';

export async function officialView(ctx: ModuleContext, db: DbOrTx, report: ReportRow, language: Language): Promise<ReportOfficial> {
  const media = await mediaOf(db, report.id, { includeHidden: true });
  const events = await timelineOf(db, report.id, { includeInternal: true });
  // A transaction has the whole query API of the database, relational queries included.
  return presentReportForOfficial(report, media, events, language, { ...ctx, db: db as Db });
}
