// Offline diary sync: the app keeps entries on the phone with a client id and replays them later.
// The same client id twice is the same save (saveDiaryEntry answers a replay idempotently); an entry
// changed on the server since the phone last saw it is a conflict, answered with the server version.
// The phone's own earlier upload of the day is not "changed since": a phone that saved a day, then
// edited it again from a page kept offline, must not be asked to choose between its two versions.
import { z } from 'zod';
import type { Deps, RequestContext } from '../context';
import { AppError } from '../errors';
import { label } from '../http/schemas';
import { childBriefInScope } from '../children/service';
import { diaryEntrySchema } from '../diary/schemas';
import { diaryView, saveDiaryEntry } from '../diary/service';

export const diarySyncSchema = diaryEntrySchema.extend({
  clientId: label(64),
  /** The server's updatedAt of this day's entry when the phone last saw it; null when it saw none. */
  baseUpdatedAt: z.string().max(40).nullable(),
  /** The client ids of this phone's earlier versions of the day: a server version carrying one is the phone's own. */
  previousClientIds: z.array(label(64)).max(20).optional(),
});
export type DiarySyncInput = z.infer<typeof diarySyncSchema>;

export type ServerDiaryEntry = ReturnType<typeof diaryView>;

/** 409 conflict carrying the entry as the server has it, so the app can show both. */
export class DiaryConflict extends AppError {
  constructor(readonly server: ServerDiaryEntry) {
    super(409, 'conflict', 'The diary entry for this day changed on the server since the phone last saw it');
  }
}

export async function syncDiaryEntry(deps: Deps, ctx: RequestContext, childId: string, date: string, input: DiarySyncInput) {
  const { baseUpdatedAt, previousClientIds = [], ...entry } = input;
  await childBriefInScope(deps.db, ctx.actor!, childId);
  const existing = await deps.db.selectFrom('diary_entries').selectAll().where('child_id', '=', childId).where('date', '=', date).executeTakeFirst();
  // A replay, or a version this phone uploaded before: only someone else's version is a conflict.
  const own = existing?.client_id != null && (existing.client_id === entry.clientId || previousClientIds.includes(existing.client_id));
  if (existing && !own && existing.updated_at !== baseUpdatedAt) throw new DiaryConflict(diaryView(existing));
  // saveDiaryEntry runs its own transaction; a write landing between this check and it is
  // simply a later replace (the revision table keeps the other version).
  return saveDiaryEntry(deps, ctx, childId, date, entry);
}
