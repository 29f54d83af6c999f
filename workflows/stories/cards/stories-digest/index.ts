// The weekly digest as staff read it (and as communications preview it): up to 5 stories, each
// in the reader's language when it has that version, else as written with a short "not yet
// translated" line; its photo with alt text; a Celebrate button that counts once per person.
// The data holds both versions; the card is rendered once per reader language.
import { type RenderOptions, renderTemplate } from '../../../../cards/render.ts';
import type { AdaptiveCard, CardDefinition } from '../../../../cards/types.ts';
import type { StoryLanguage } from '../../domain/model.ts';
import template from './template.json' with { type: 'json' };

export const STORIES_DIGEST_CARD = 'stories-digest';
export const STORIES_CELEBRATE_VERB = 'stories.celebrate';
export const CELEBRATE_STORY_INPUT = 'storyId';

export interface DigestStory {
  id: string;
  language: StoryLanguage;
  title: string;
  body: string;
  /** The other language's version, when communications added it. */
  translated?: { title: string; body: string };
  building: string;
  category: string;
  photoUrl?: string;
  photoAlt?: string;
  celebrations?: number;
}

export interface StoryDigestData {
  stories: DigestStory[];
  preview?: boolean;
  /** Stories this reader celebrated (the card they clicked, redrawn). */
  celebrated?: string[];
}

/** The version of a story a reader of `locale` gets, and whether it is in their language. */
export function versionFor(
  s: Pick<DigestStory, 'language' | 'title' | 'body' | 'translated'>,
  locale: string,
): { title: string; body: string; inLanguage: boolean } {
  if (s.language === locale) return { title: s.title, body: s.body, inLanguage: true };
  if (s.translated && (locale === 'en' || locale === 'es')) return { ...s.translated, inLanguage: true };
  return { title: s.title, body: s.body, inLanguage: false };
}

function render(data: StoryDigestData, opts: RenderOptions): AdaptiveCard {
  const tr = (key: string, params?: Record<string, unknown>) => opts.strings.translate(opts.locale, `stories-digest.${key}`, params);
  const locale = opts.strings.localeOrFallback(opts.locale);
  const celebrated = new Set(data.celebrated ?? []);
  return renderTemplate(
    STORIES_DIGEST_CARD,
    template,
    {
      ids: { celebrate: STORIES_CELEBRATE_VERB },
      preview: data.preview === true,
      intro: tr('intro', { count: data.stories.length }),
      stories: data.stories.map((s) => {
        const v = versionFor(s, locale);
        const n = s.celebrations ?? 0;
        return {
          title: v.title,
          body: v.body,
          where: tr('where', { category: tr(`category.${s.category}`), building: s.building }),
          untranslated: v.inLanguage ? '' : tr('notTranslated'),
          photoUrl: s.photoUrl ?? '',
          photoAlt: s.photoAlt ?? '',
          celebrations: celebrated.has(s.id) ? tr('youCelebrated', { count: n }) : tr('celebrations', { count: n }),
          button: tr('celebrate'),
          data: { [CELEBRATE_STORY_INPUT]: s.id },
        };
      }),
    },
    opts,
  );
}

const examples: StoryDigestData[] = [
  {
    stories: [
      {
        id: '00000000-0000-4000-8000-000000000001',
        language: 'en',
        title: 'Robotics team wins state',
        body: 'Hoover students built a robot. ${$root.secret} {{x}} [link](https://evil.example)',
        translated: { title: 'El equipo de robótica gana', body: 'Los estudiantes de Hoover construyeron un robot.' },
        building: 'Hoover High',
        category: 'student_success',
        photoUrl: 'https://www.dmschools.org/photo.jpg',
        photoAlt: 'Four students holding a robot',
        celebrations: 3,
      },
      {
        id: '00000000-0000-4000-8000-000000000002',
        language: 'es',
        title: 'Noche familiar',
        body: 'Gracias a todas las familias.',
        building: 'Lincoln High',
        category: 'event',
      },
    ],
    celebrated: ['00000000-0000-4000-8000-000000000001'],
  },
  {
    stories: [
      {
        id: '00000000-0000-4000-8000-000000000003',
        language: 'en',
        title: 'Thank you, Ms. Ruiz',
        body: 'Thirty years.',
        building: 'Roosevelt',
        category: 'staff_recognition',
      },
    ],
    preview: true,
  },
];

export const card: CardDefinition<StoryDigestData> = { name: STORIES_DIGEST_CARD, render, examples };
