// When a recurring survey launches, as a person chooses it (weekly on a weekday, or monthly on
// the first/second/third/fourth/last weekday, at a time), and the node-cron expression the
// scheduler runs. node-cron 4 ANDs day-of-month with day-of-week (POSIX cron ORs them), so
// `0 9 1-7 * 2` fires on the first Tuesday only; "last" uses node-cron's `2L`. The cron stays an
// implementation detail: forms write a Recurrence, cards read it back in words.

export const WEEKS = ['first', 'second', 'third', 'fourth', 'last'] as const;
export type Week = (typeof WEEKS)[number];

export type Recurrence =
  | { kind: 'once' }
  | { kind: 'weekly'; weekday: number; time: string }
  | { kind: 'monthly'; week: Week; weekday: number; time: string }
  /** A cron expression that no picker writes (a hand-made file): shown as it is. */
  | { kind: 'cron'; cron: string };

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** "9:00" for 9 h 0 min: the time as the pickers offer it. */
export const timeOf = (hour: number, minute: number): string => `${hour}:${String(minute).padStart(2, '0')}`;

function hourMinute(time: string): [number, number] {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`not a time: ${time}`);
  return [Number(m[1]), Number(m[2])];
}

/** The cron expression the scheduler runs for a recurrence; undefined for "once". */
export function cronOf(r: Recurrence): string | undefined {
  if (r.kind === 'once') return undefined;
  if (r.kind === 'cron') return r.cron;
  if (!Number.isInteger(r.weekday) || r.weekday < 0 || r.weekday > 6) throw new RangeError(`not a weekday: ${r.weekday}`);
  const [h, m] = hourMinute(r.time);
  if (r.kind === 'weekly') return `${m} ${h} * * ${r.weekday}`;
  if (r.week === 'last') return `${m} ${h} * * ${r.weekday}L`;
  const first = WEEKS.indexOf(r.week) * 7 + 1;
  return `${m} ${h} ${first}-${first + 6} * ${r.weekday}`;
}

/** The recurrence a cron expression stands for: the pickers' own shapes are read back as
 *  weekly/monthly, anything else stays `{ kind: 'cron' }`. */
export function recurrenceOf(cron: string | null | undefined): Recurrence {
  if (!cron) return { kind: 'once' };
  const c = cron.trim().replace(/\s+/g, ' ');
  const [minute = '', hour = '', dom = '', month = '', dow = '', ...rest] = c.split(' ');
  const whole = (v: string, max: number) => (/^\d{1,2}$/.test(v) && Number(v) <= max ? Number(v) : undefined);
  const m = whole(minute, 59);
  const h = whole(hour, 23);
  const last = /^([0-7])L$/.exec(dow)?.[1];
  const weekday = whole(last ?? dow, 7);
  if (rest.length || month !== '*' || m === undefined || h === undefined || weekday === undefined) return { kind: 'cron', cron: c };
  const time = timeOf(h, m);
  const day = weekday % 7;
  if (dom === '*') return last === undefined ? { kind: 'weekly', weekday: day, time } : { kind: 'monthly', week: 'last', weekday: day, time };
  const range = /^(\d{1,2})-(\d{1,2})$/.exec(dom);
  const from = Number(range?.[1]);
  const week = WEEKS[(from - 1) / 7];
  if (last === undefined && range && Number(range[2]) === from + 6 && week && week !== 'last') return { kind: 'monthly', week, weekday: day, time };
  return { kind: 'cron', cron: c };
}

/** Looks a string up by key (the catalog's translate, bound to a language). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** The recurrence in words, e.g. "every month on the first Tuesday at 9:00". Keys under
 *  `survey-new.when`, `survey-new.weekdays` and `survey-new.weeks`. */
export function recurrenceInWords(r: Recurrence, t: Translate): string {
  if (r.kind === 'once') return t('survey-new.when.once');
  if (r.kind === 'cron') return t('survey-new.when.cron', { cron: r.cron });
  const weekday = t(`survey-new.weekdays.${r.weekday}`);
  if (r.kind === 'weekly') return t('survey-new.when.weekly', { weekday, time: r.time });
  return t('survey-new.when.monthly', { week: t(`survey-new.weeks.${r.week}`), weekday, time: r.time });
}
