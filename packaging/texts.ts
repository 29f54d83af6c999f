// What the app stores show about the app, in every language the bot speaks.
export const APP_TEXTS = {
  en: {
    nameShort: 'DMPS Connect',
    nameFull: 'DMPS Connect for Des Moines Public Schools staff',
    descriptionShort: 'District pulse surveys, updates and reminders for DMPS staff',
    descriptionFull:
      'DMPS Connect brings Des Moines Public Schools staff short pulse surveys, district updates and reminders in chat. Answers to surveys are anonymous; results are shown only for groups large enough to protect everyone. Type help to see what you can do.',
    tab: 'Home',
  },
  es: {
    nameShort: 'DMPS Connect',
    nameFull: 'DMPS Connect para el personal de las Escuelas Públicas de Des Moines',
    descriptionShort: 'Encuestas breves, novedades y recordatorios del distrito para el personal',
    descriptionFull:
      'DMPS Connect lleva al personal de las Escuelas Públicas de Des Moines encuestas breves, novedades del distrito y recordatorios en el chat. Las respuestas a las encuestas son anónimas; los resultados solo se muestran para grupos lo bastante grandes como para proteger a todos. Escriba ayuda para ver lo que puede hacer.',
    tab: 'Inicio',
  },
  ar: {
    nameShort: 'DMPS Connect',
    nameFull: 'DMPS Connect لموظفي مدارس دي موين العامة',
    descriptionShort: 'استطلاعات قصيرة وأخبار وتذكيرات من المنطقة التعليمية للموظفين',
    descriptionFull:
      'يقدّم DMPS Connect لموظفي مدارس دي موين العامة استطلاعات قصيرة وأخبار المنطقة التعليمية وتذكيرات في المحادثة. الإجابات على الاستطلاعات مجهولة الهوية، ولا تُعرض النتائج إلا لمجموعات كبيرة بما يكفي لحماية الجميع. اكتب مساعدة لترى ما يمكنك فعله.',
    tab: 'الرئيسية',
  },
} as const;

export type AppLocale = keyof typeof APP_TEXTS;
