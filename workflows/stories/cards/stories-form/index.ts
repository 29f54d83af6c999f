// `story`: the submit form. Title, text (up to 2,000 characters), building (the person's own,
// changeable), category, language, an optional https photo link with its alt text, and the
// media-consent rule stated on the form: students named or pictured only with their families'
// consent confirmed. A story sent back comes back in this form, with the reviewer's note.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { CATEGORIES, STORY_LANGUAGES } from '../../domain/model.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_FORM_CARD = 'stories-form';
export const STORIES_SUBMIT_VERB = 'stories.submit';
export const STORY_FORM_INPUTS = {
  title: 'storyTitle',
  body: 'storyBody',
  building: 'storyBuilding',
  category: 'storyCategory',
  language: 'storyLanguage',
  photoUrl: 'storyPhotoUrl',
  photoAlt: 'storyPhotoAlt',
  students: 'storyStudents',
  consent: 'storyConsent',
} as const;
/** The action data of a resubmission: the story sent back. */
export const STORY_RESUBMIT_INPUT = 'storyId';

export interface StoryFormData {
  buildings: string[];
  values: Partial<Record<keyof typeof STORY_FORM_INPUTS, string>>;
  /** A resubmission: the story and the reviewer's note. */
  resubmit?: { storyId: string; note: string };
}

function render(data: StoryFormData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string) => opts.strings.translate(opts.locale, `stories-form.${key}`);
  const v = data.values;
  return renderTemplate(
    STORIES_FORM_CARD,
    template,
    {
      ids: { ...STORY_FORM_INPUTS, verb: STORIES_SUBMIT_VERB },
      data: data.resubmit ? { [STORY_RESUBMIT_INPUT]: data.resubmit.storyId } : {},
      sentBackHeading: tr('sentBack'),
      sentBackNote: data.resubmit?.note ?? '',
      buildings: data.buildings.map((b) => ({ title: b, value: b })),
      categories: CATEGORIES.map((c) => ({ title: opts.strings.translate(opts.locale, `stories-digest.category.${c}`), value: c })),
      yesNo: [
        { title: tr('yes'), value: 'yes' },
        { title: tr('no'), value: 'no' },
      ],
      languages: STORY_LANGUAGES.map((l) => ({ title: tr(`languages.${l}`), value: l })),
      values: {
        title: v.title ?? '',
        body: v.body ?? '',
        building: v.building ?? '',
        category: v.category ?? '',
        language: v.language ?? (opts.locale === 'es' ? 'es' : 'en'),
        photoUrl: v.photoUrl ?? '',
        photoAlt: v.photoAlt ?? '',
        students: v.students ?? 'no',
        consent: v.consent ?? 'no',
      },
    },
    opts,
  );
}

const examples: StoryFormData[] = [
  { buildings: ['Hoover High', 'Lincoln High'], values: { building: 'Hoover High' } },
  {
    buildings: ['Hoover High'],
    values: { title: 'Robotics team', body: 'Our team won ${prize} {{x}} [click](https://evil.example)', building: 'Hoover High', category: 'student_success' },
    resubmit: { storyId: '00000000-0000-4000-8000-000000000001', note: 'Please add the date of the event.' },
  },
];

export const card: CardDefinition<StoryFormData> = { name: STORIES_FORM_CARD, render, examples };
