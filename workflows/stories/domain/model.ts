// What a story is: its categories, its states, its limits, and the rules a submission must meet
// before anything is stored (pure: no database, no chat).
import { ErrorCode, refuse, StoryNotice } from './refusals.ts';

export const CATEGORIES = ['student_success', 'staff_recognition', 'community_partnership', 'event'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The languages a story is written or translated in; the translation is in the other one. */
export const STORY_LANGUAGES = ['en', 'es'] as const;
export type StoryLanguage = (typeof STORY_LANGUAGES)[number];
export const otherLanguage = (l: StoryLanguage): StoryLanguage => (l === 'en' ? 'es' : 'en');

export type StoryStatus = 'submitted' | 'sent_back' | 'declined' | 'approved' | 'published';

export const MAX_BODY = 2000;
export const MAX_TITLE = 150;
export const MAX_NOTE = 1000;
export const MAX_ALT = 300;
/** Stories in one digest. */
export const DIGEST_SIZE = 5;
/** Characters of a story id people type (`stories review 3f2a9c1b`). */
export const SHORT_REF_LENGTH = 8;
export const shortRef = (id: string) => id.slice(0, SHORT_REF_LENGTH);

export interface StoryDraft {
  title: string;
  body: string;
  building: string;
  category: Category;
  language: StoryLanguage;
  photoUrl?: string;
  photoAlt?: string;
  studentsShown: boolean;
  consentConfirmed: boolean;
}

/** Refuses a draft that may not be stored, naming what to fix; returns it trimmed. */
export function checkDraft(d: StoryDraft): StoryDraft {
  const title = d.title.trim();
  const body = d.body.trim();
  if (!title || !body) throw refuse(ErrorCode.InvalidInput, StoryNotice.empty, 'story without a title or text');
  if (title.length > MAX_TITLE)
    throw refuse(ErrorCode.InvalidInput, StoryNotice.titleTooLong, 'story title too long', { max: MAX_TITLE, length: title.length });
  if (body.length > MAX_BODY) throw refuse(ErrorCode.InvalidInput, StoryNotice.tooLong, 'story text too long', { max: MAX_BODY, length: body.length });
  const photoUrl = d.photoUrl?.trim() || undefined;
  const photoAlt = d.photoAlt?.trim() || undefined;
  if (photoUrl && !isHttpsUrl(photoUrl)) throw refuse(ErrorCode.InvalidInput, StoryNotice.photoNotHttps, 'photo link is not https');
  if (photoUrl && !photoAlt) throw refuse(ErrorCode.InvalidInput, StoryNotice.photoNeedsAlt, 'photo without alt text');
  if (photoAlt && photoAlt.length > MAX_ALT)
    throw refuse(ErrorCode.InvalidInput, StoryNotice.titleTooLong, 'alt text too long', { max: MAX_ALT, length: photoAlt.length });
  if (d.studentsShown && !d.consentConfirmed) throw refuse(ErrorCode.InvalidInput, StoryNotice.noConsent, 'students named without media consent');
  return { ...d, title, body, ...(photoUrl ? { photoUrl } : {}), ...(photoAlt && photoUrl ? { photoAlt } : {}) };
}

export function isHttpsUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}
