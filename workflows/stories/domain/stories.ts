// Stories in the database: submit (and resubmit after a send-back), the review decisions
// (approve, edit, translate, send back, decline; each recorded with who and when), and reads.
// Access is checked by the callers' roles (chat.ts); these functions keep the state rules.
import type { Services } from '../../../kernel/turn.ts';
import type { Prisma } from '../../../prisma/sqlite/generated/client.ts';
import { type Category, checkDraft, MAX_BODY, MAX_NOTE, MAX_TITLE, SHORT_REF_LENGTH, type StoryDraft, type StoryLanguage, type StoryStatus } from './model.ts';
import { ErrorCode, refuse, StoryNotice } from './refusals.ts';

type Deps = Pick<Services, 'db' | 'clock'>;

export interface Story {
  id: string;
  submitterId: string;
  building: string;
  region: string | null;
  category: Category;
  language: StoryLanguage;
  title: string;
  body: string;
  translatedTitle: string | null;
  translatedBody: string | null;
  photoUrl: string | null;
  photoAlt: string | null;
  studentsShown: boolean;
  consentConfirmed: boolean;
  publicOk: boolean;
  status: StoryStatus;
  note: string | null;
  rank: number | null;
  held: boolean;
  approvedAt: Date | null;
  createdAt: Date;
}

type Row = Prisma.StoryGetPayload<object>;
export const toStory = (r: Row): Story => ({
  id: r.id,
  submitterId: r.submitterId,
  building: r.building,
  region: r.region,
  category: r.category as Category,
  language: r.language as StoryLanguage,
  title: r.title,
  body: r.body,
  translatedTitle: r.translatedTitle,
  translatedBody: r.translatedBody,
  photoUrl: r.photoUrl,
  photoAlt: r.photoAlt,
  studentsShown: r.studentsShown,
  consentConfirmed: r.consentConfirmed,
  publicOk: r.publicOk,
  status: r.status as StoryStatus,
  note: r.note,
  rank: r.rank,
  held: r.held,
  approvedAt: r.approvedAt,
  createdAt: r.createdAt,
});

/** The story an id (or its first SHORT_REF_LENGTH+ characters) names; unknown ids are refused. */
export async function findStory(deps: Pick<Services, 'db'>, ref: string): Promise<Story> {
  const id = ref.trim().toLowerCase();
  const exact = id.length <= 64 ? await deps.db.story.findUnique({ where: { id } }) : null;
  if (exact) return toStory(exact);
  if (id.length >= SHORT_REF_LENGTH && id.length < 36 && /^[0-9a-f-]+$/.test(id)) {
    const rows = await deps.db.story.findMany({ where: { id: { startsWith: id } }, take: 2 });
    if (rows.length === 1 && rows[0]) return toStory(rows[0]);
  }
  throw refuse(ErrorCode.NotFound, StoryNotice.notFound, 'no story with that id');
}

async function regionOf(deps: Pick<Services, 'db'>, building: string): Promise<string | null> {
  const p = await deps.db.person.findFirst({ where: { building, region: { not: null } }, select: { region: true } });
  return p?.region ?? null;
}

const draftData = (d: StoryDraft) => ({
  title: d.title,
  body: d.body,
  building: d.building,
  category: d.category,
  language: d.language,
  photoUrl: d.photoUrl ?? null,
  photoAlt: d.photoAlt ?? null,
  studentsShown: d.studentsShown,
  consentConfirmed: d.consentConfirmed,
});

/** A new story from a staff member, or their resubmission of one that was sent back. */
export async function submitStory(deps: Deps, submitterId: string, draft: StoryDraft, resubmitId?: string): Promise<Story> {
  const d = checkDraft(draft);
  const now = deps.clock.now();
  const region = await regionOf(deps, d.building);
  if (resubmitId) {
    const s = await findStory(deps, resubmitId);
    if (s.submitterId !== submitterId) throw refuse(ErrorCode.Forbidden, StoryNotice.notYours, 'resubmit of another person’s story');
    // Only a sent-back story goes back to review; the update is conditional so two tabs cannot both resubmit.
    const r = await deps.db.story.updateMany({
      where: { id: s.id, status: 'sent_back' },
      data: { ...draftData(d), region, status: 'submitted', note: null, notifiedAt: null },
    });
    if (r.count === 0) throw refuse(ErrorCode.Conflict, StoryNotice.notSentBack, 'resubmit of a story that was not sent back');
    await deps.db.storyDecision.create({ data: { storyId: s.id, action: 'resubmitted', byId: submitterId, at: now } });
    return toStory(await deps.db.story.findUniqueOrThrow({ where: { id: s.id } }));
  }
  const row = await deps.db.story.create({ data: { ...draftData(d), region, submitterId } });
  await deps.db.storyDecision.create({ data: { storyId: row.id, action: 'submitted', byId: submitterId, at: now } });
  return toStory(row);
}

export type Decision = 'approve' | 'sendBack' | 'decline';

export interface Edits {
  title?: string;
  body?: string;
  translatedTitle?: string;
  translatedBody?: string;
  publicOk?: boolean;
}

function checkEdits(e: Edits): Edits {
  const out: Edits = {};
  for (const k of ['title', 'body', 'translatedTitle', 'translatedBody'] as const) {
    const v = e[k]?.trim();
    if (v === undefined) continue;
    if ((k === 'title' || k === 'body') && !v) throw refuse(ErrorCode.InvalidInput, StoryNotice.empty, 'edit empties the story');
    const max = k.endsWith('itle') ? MAX_TITLE : MAX_BODY;
    if (v.length > max)
      throw refuse(ErrorCode.InvalidInput, k.endsWith('itle') ? StoryNotice.titleTooLong : StoryNotice.tooLong, 'edit too long', { max, length: v.length });
    out[k] = v;
  }
  if (e.publicOk !== undefined) out.publicOk = e.publicOk;
  return out;
}

const editData = (e: Edits) => ({
  ...(e.title !== undefined ? { title: e.title } : {}),
  ...(e.body !== undefined ? { body: e.body } : {}),
  ...(e.translatedTitle !== undefined ? { translatedTitle: e.translatedTitle } : {}),
  ...(e.translatedBody !== undefined ? { translatedBody: e.translatedBody } : {}),
  ...(e.publicOk !== undefined ? { publicOk: e.publicOk } : {}),
});

/** A reviewer's decision on a submitted story. A story already decided (by anyone) is refused
 *  and stays as it is; a send-back needs a note and a decline a reason. */
export async function decideStory(deps: Deps, storyId: string, byId: string, decision: Decision, opts: { edits?: Edits; note?: string } = {}): Promise<Story> {
  const s = await findStory(deps, storyId);
  const edits = checkEdits(opts.edits ?? {});
  const note = opts.note?.trim() ?? '';
  if (decision !== 'approve' && !note) throw refuse(ErrorCode.InvalidInput, StoryNotice.noteRequired, 'send back or decline without a note');
  if (note.length > MAX_NOTE) throw refuse(ErrorCode.InvalidInput, StoryNotice.tooLong, 'note too long', { max: MAX_NOTE, length: note.length });
  const now = deps.clock.now();
  const status: StoryStatus = decision === 'approve' ? 'approved' : decision === 'sendBack' ? 'sent_back' : 'declined';
  const r = await deps.db.story.updateMany({
    where: { id: s.id, status: 'submitted' },
    data: { ...editData(edits), status, note: decision === 'approve' ? null : note, ...(decision === 'approve' ? { approvedAt: now } : {}) },
  });
  if (r.count === 0) throw refuse(ErrorCode.Conflict, StoryNotice.alreadyDecided, 'story already decided');
  const changed = Object.keys(edits).filter((k) => k !== 'publicOk');
  await deps.db.storyDecision.createMany({
    data: [
      ...(changed.length ? [{ storyId: s.id, action: changed.some((k) => k.startsWith('translated')) ? 'edited+translated' : 'edited', byId, at: now }] : []),
      {
        storyId: s.id,
        action: decision === 'approve' ? 'approved' : decision === 'sendBack' ? 'sent_back' : 'declined',
        byId,
        at: now,
        ...(note ? { note } : {}),
      },
    ],
  });
  return toStory(await deps.db.story.findUniqueOrThrow({ where: { id: s.id } }));
}

/** Edits (text, translation, public feed) to a story approved and not yet published: the
 *  digest sends it as edited. */
export async function editApprovedStory(deps: Deps, storyId: string, byId: string, edits: Edits): Promise<Story> {
  const s = await findStory(deps, storyId);
  const e = checkEdits(edits);
  const r = await deps.db.story.updateMany({ where: { id: s.id, status: 'approved' }, data: editData(e) });
  if (r.count === 0) throw refuse(ErrorCode.Conflict, StoryNotice.notApproved, 'edit of a story that is not approved');
  await deps.db.storyDecision.create({ data: { storyId: s.id, action: 'edited', byId, at: deps.clock.now() } });
  return toStory(await deps.db.story.findUniqueOrThrow({ where: { id: s.id } }));
}

/** Stories waiting for review, oldest first. */
export async function pendingStories(deps: Pick<Services, 'db'>): Promise<Story[]> {
  return (await deps.db.story.findMany({ where: { status: 'submitted' }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })).map(toStory);
}

/** One person's stories, newest first (theirs only). */
export async function storiesOf(deps: Pick<Services, 'db'>, submitterId: string): Promise<Story[]> {
  return (await deps.db.story.findMany({ where: { submitterId }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] })).map(toStory);
}
