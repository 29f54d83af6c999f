// The default item bank, written for DMPS in our own words (not any licensed instrument's
// wording). Spanish addresses the reader as usted. Keys are stable: answers and trends use them.
import type { ItemChoice, ItemKind } from './model.ts';

export interface DefaultItem {
  key: string;
  kind: ItemKind;
  topic: string;
  en: string;
  es: string;
  choices?: ItemChoice[];
}

export const DEFAULT_ITEMS: readonly DefaultItem[] = [
  {
    key: 'care.whole_person',
    kind: 'likert5',
    topic: 'wellbeing',
    en: 'At work, people treat me as a whole person, not only as someone who gets a job done.',
    es: 'En el trabajo me tratan como persona, no solo como alguien que cumple con una tarea.',
  },
  {
    key: 'care.wellbeing_support',
    kind: 'likert5',
    topic: 'wellbeing',
    en: 'The district gives me real support for my well-being (time, resources or someone to talk to).',
    es: 'El distrito me brinda un apoyo real para mi bienestar (tiempo, recursos o alguien con quien hablar).',
  },
  {
    key: 'care.wellbeing_rating',
    kind: 'scale0to10',
    topic: 'wellbeing',
    en: 'How would you rate your well-being at work this month? (0 = very poor, 10 = excellent)',
    es: '¿Cómo calificaría su bienestar en el trabajo este mes? (0 = muy malo, 10 = excelente)',
  },
  {
    key: 'safety.safe_at_work',
    kind: 'likert5',
    topic: 'safety',
    en: 'My workplace is a physically safe place for me.',
    es: 'Mi lugar de trabajo es un entorno físicamente seguro para mí.',
  },
  {
    key: 'safety.raise_concerns',
    kind: 'likert5',
    topic: 'safety',
    en: 'I can raise a concern at work without worrying about negative consequences.',
    es: 'Puedo expresar una inquietud en el trabajo sin temor a consecuencias negativas.',
  },
  {
    key: 'comms.clear',
    kind: 'likert5',
    topic: 'communication',
    en: 'The district communications I receive are clear and easy to understand.',
    es: 'Las comunicaciones del distrito que recibo son claras y fáciles de entender.',
  },
  {
    key: 'comms.useful',
    kind: 'likert5',
    topic: 'communication',
    en: 'District communications give me information I can actually use in my job.',
    es: 'Las comunicaciones del distrito me dan información que realmente puedo usar en mi trabajo.',
  },
  {
    key: 'comms.intranet',
    kind: 'likert5',
    topic: 'communication',
    en: 'The staff intranet helps me get my work done.',
    es: 'La intranet del personal me ayuda a realizar mi trabajo.',
  },
  {
    key: 'comms.find_info',
    kind: 'likert5',
    topic: 'information',
    en: 'When I need information from the district, I know where to look for it.',
    es: 'Cuando necesito información del distrito, sé dónde buscarla.',
  },
  {
    key: 'comms.sources',
    kind: 'multi',
    topic: 'information',
    en: 'Where do you usually find district information? (Choose all that apply.)',
    es: '¿Dónde suele encontrar la información del distrito? (Elija todas las opciones que correspondan).',
    choices: [
      { key: 'intranet', en: 'The staff intranet', es: 'La intranet del personal' },
      { key: 'email', en: 'Email', es: 'Correo electrónico' },
      { key: 'chat', en: 'Teams or Slack', es: 'Teams o Slack' },
      { key: 'supervisor', en: 'My supervisor or principal', es: 'Mi supervisor o la dirección de mi escuela' },
      { key: 'colleagues', en: 'Colleagues', es: 'Mis colegas' },
      { key: 'other', en: 'Somewhere else', es: 'Otro medio' },
    ],
  },
  {
    key: 'learning.useful',
    kind: 'likert5',
    topic: 'professional_learning',
    en: 'The professional learning I took part in recently is useful in my daily work.',
    es: 'El aprendizaje profesional en el que participé recientemente es útil en mi trabajo diario.',
  },
  {
    key: 'learning.culturally_responsive',
    kind: 'likert5',
    topic: 'professional_learning',
    en: 'Professional learning helps me serve students, families and colleagues of every background and culture.',
    es: 'El aprendizaje profesional me ayuda a atender a estudiantes, familias y colegas de todos los orígenes y culturas.',
  },
  {
    key: 'learning.applied',
    kind: 'single',
    topic: 'professional_learning',
    en: 'How often do you use something from recent professional learning in your work?',
    es: '¿Con qué frecuencia aplica en su trabajo algo de su aprendizaje profesional reciente?',
    choices: [
      { key: 'never', en: 'Not yet', es: 'Todavía no' },
      { key: 'sometimes', en: 'Now and then', es: 'De vez en cuando' },
      { key: 'often', en: 'Often', es: 'A menudo', favourable: true },
      { key: 'daily', en: 'Almost every day', es: 'Casi todos los días', favourable: true },
    ],
  },
  {
    key: 'place.recommend',
    kind: 'scale0to10',
    topic: 'wellbeing',
    en: 'How likely are you to recommend DMPS to a friend as a place to work? (0 = not at all, 10 = extremely likely)',
    es: '¿Qué tan probable es que recomiende DMPS a una amistad como lugar de trabajo? (0 = nada probable, 10 = muy probable)',
  },
  {
    key: 'open.comment',
    kind: 'comment',
    topic: 'open',
    en: 'Is there anything else you would like the district to know? (Optional)',
    es: '¿Hay algo más que le gustaría que el distrito supiera? (Opcional)',
  },
];
