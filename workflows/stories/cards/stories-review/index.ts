// `stories review`: one story at a time for communications: who sent it, from where, whether
// students are shown with consent, its photo and alt text; its title and text to edit, the
// other language's version to add, whether it may go on the public feed, and the decision:
// approve, send back with a note, or decline with a reason. An approved story not yet
// published opens with Save only (the digest sends it as edited).
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import { otherLanguage, type StoryLanguage } from '../../domain/model.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_REVIEW_CARD = 'stories-review';
export const STORIES_APPROVE_VERB = 'stories.approve';
export const STORIES_SEND_BACK_VERB = 'stories.sendBack';
export const STORIES_DECLINE_VERB = 'stories.decline';
export const STORIES_SAVE_VERB = 'stories.save';
export const REVIEW_STORY_INPUT = 'storyId';
export const REVIEW_INPUTS = {
  title: 'reviewTitle',
  body: 'reviewBody',
  translatedTitle: 'reviewTranslatedTitle',
  translatedBody: 'reviewTranslatedBody',
  publicOk: 'reviewPublic',
  note: 'reviewNote',
} as const;

export interface StoryReviewData {
  story: {
    id: string;
    ref: string;
    title: string;
    body: string;
    translatedTitle: string;
    translatedBody: string;
    language: StoryLanguage;
    building: string;
    category: string;
    photoUrl: string;
    photoAlt: string;
    studentsShown: boolean;
    publicOk: boolean;
    status: 'submitted' | 'approved';
  };
  submitter: string;
  /** Decisions so far, oldest first, already in words: "sent back by Ana". */
  history: string[];
  /** Other stories waiting after this one. */
  waiting: number;
}

function render(data: StoryReviewData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `stories-review.${key}`, params);
  const s = data.story;
  const decide = s.status === 'submitted';
  const other = otherLanguage(s.language);
  const lang = (l: StoryLanguage) => opts.strings.translate(opts.locale, `stories-form.languages.${l}`);
  const buttons = decide
    ? [
        { title: tr('approve'), verb: STORIES_APPROVE_VERB, style: 'positive' },
        { title: tr('sendBack'), verb: STORIES_SEND_BACK_VERB, style: 'default' },
        { title: tr('decline'), verb: STORIES_DECLINE_VERB, style: 'destructive' },
      ]
    : [{ title: tr('save'), verb: STORIES_SAVE_VERB, style: 'positive' }];
  return renderTemplate(
    STORIES_REVIEW_CARD,
    template,
    {
      ids: REVIEW_INPUTS,
      data: { [REVIEW_STORY_INPUT]: s.id },
      heading: tr(decide ? 'heading' : 'headingApproved', { ref: s.ref }),
      detail: tr('detail', {
        submitter: data.submitter,
        building: s.building,
        category: opts.strings.translate(opts.locale, `stories-digest.category.${s.category}`),
        language: lang(s.language),
      }),
      consent: tr(s.studentsShown ? 'studentsWithConsent' : 'noStudents'),
      history: data.history.join('\n'),
      photoUrl: s.photoUrl,
      photoAlt: s.photoAlt,
      photoLine: tr('photoAlt', { alt: s.photoAlt }),
      story: s,
      translatedTitleLabel: tr('translatedTitle', { language: lang(other) }),
      translatedBodyLabel: tr('translatedBody', { language: lang(other) }),
      publicOk: s.publicOk ? 'yes' : 'no',
      yesNo: [
        { title: opts.strings.translate(opts.locale, 'stories-form.yes'), value: 'yes' },
        { title: opts.strings.translate(opts.locale, 'stories-form.no'), value: 'no' },
      ],
      decide,
      buttons,
      more: data.waiting > 0 ? tr('waiting', { count: data.waiting }) : '',
    },
    opts,
  );
}

const story: StoryReviewData['story'] = {
  id: '00000000-0000-4000-8000-000000000001',
  ref: '00000000',
  title: 'Robotics team wins state',
  body: 'Hoover students built a robot. ${secret} {{x}} [link](https://evil.example)',
  translatedTitle: '',
  translatedBody: '',
  language: 'en',
  building: 'Hoover High',
  category: 'student_success',
  photoUrl: 'https://www.dmschools.org/photo.jpg',
  photoAlt: 'Four students holding a robot',
  studentsShown: true,
  publicOk: false,
  status: 'submitted',
};
const examples: StoryReviewData[] = [
  { story, submitter: 'Ana Lopez', history: ['Submitted by Ana Lopez'], waiting: 2 },
  {
    story: { ...story, status: 'approved', photoUrl: '', photoAlt: '', studentsShown: false, translatedTitle: 'Equipo', translatedBody: 'Texto' },
    submitter: 'Ana Lopez',
    history: [],
    waiting: 0,
  },
];

export const card: CardDefinition<StoryReviewData> = { name: STORIES_REVIEW_CARD, render, examples };
