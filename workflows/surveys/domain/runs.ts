// Launching a survey (one run per launch) and closing runs. Launch fixes the audience: a
// participation row per person, each with a random slot in the run's answered bitmap. The lead's
// delivery sends the card to the recipients returned here. Every close (by hand, at the end of
// the window, or a stale run closed by the next launch) releases the run's sealed answers in
// the same transaction (release.ts).
import type { Prisma } from '../../../core/db.ts';
import { isUniqueViolation } from '../../../core/db.ts';
import { reportError } from '../../../core/log.ts';
import { emptySlots, shuffledSlots } from './answered-slots.ts';
import { Audience, DAY_MS, type SurveyDeps, type SurveyLocale, surveyLocale } from './model.ts';
import { ErrorCode, refuse, SurveyNotice } from './refusals.ts';
import { closeAndRelease, openSealed, RELEASE_TX, type Released } from './release.ts';

export interface RunInfo {
  id: string;
  surveyId: string;
  seq: number;
  opensAt: Date;
  closesAt: Date;
  status: 'open' | 'closed';
  /** When it was closed (by hand, the sweep or a later launch); null while open. */
  closedAt: Date | null;
  sentCount: number;
  answeredCount: number;
}

export interface Recipient {
  personId: string;
  /** The card's language for this person. */
  locale: SurveyLocale;
}

type RunRow = Prisma.SurveyRunGetPayload<object>;
export const toRunInfo = (r: RunRow): RunInfo => ({
  id: r.id,
  surveyId: r.surveyId,
  seq: r.seq,
  opensAt: r.opensAt,
  closesAt: r.closesAt,
  status: r.status,
  closedAt: r.closedAt,
  sentCount: r.sentCount,
  answeredCount: r.answeredCount,
});

/** Whether a run takes answers at `now`. */
export function runState(run: Pick<RunRow, 'status' | 'opensAt' | 'closesAt'>, now: Date): 'not_open' | 'open' | 'closed' {
  if (run.status === 'closed' || now.getTime() >= run.closesAt.getTime()) return 'closed';
  return now.getTime() < run.opensAt.getTime() ? 'not_open' : 'open';
}

export function audienceWhere(audience: Audience): Prisma.PersonWhereInput {
  const and: Prisma.PersonWhereInput[] = [];
  if (audience.roles) and.push({ roles: { some: { role: { in: audience.roles } } } });
  if (audience.buildings) and.push({ building: { in: audience.buildings } });
  if (audience.regions) and.push({ region: { in: audience.regions } });
  if (audience.jobCategories) and.push({ jobCategory: { in: audience.jobCategories } });
  return { AND: and };
}

const CHUNK = 1000;

/** Opens a new run of the survey now, for everyone in its audience. A run of the same survey
 *  that is past its closing time but not yet swept is closed first (returned in closedRuns, so
 *  its cards can be updated). Refuses while another run of the survey is still open, and a
 *  second launch of a one-off survey. */
export async function launchRun(deps: SurveyDeps, surveyId: string): Promise<{ run: RunInfo; recipients: Recipient[]; closedRuns: RunInfo[] }> {
  const { db, clock, log } = deps;
  const now = clock.now();
  const survey = await db.survey.findUnique({ where: { id: surveyId } });
  if (!survey) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, `no survey ${surveyId}`);
  if (survey.archivedAt) throw refuse(ErrorCode.Conflict, SurveyNotice.archived, 'the survey is archived');
  const people = await db.person.findMany({
    where: audienceWhere(Audience.parse(survey.audience)),
    select: { id: true, language: true },
    orderBy: { id: 'asc' },
  });
  if (people.length === 0) throw refuse(ErrorCode.Conflict, SurveyNotice.audienceEmpty, 'nobody in the directory matches the audience');

  const slots = shuffledSlots(people.length);
  try {
    const { run, closedRuns } = await db.$transaction(async (tx) => {
      const stale = await tx.surveyRun.findMany({ where: { surveyId, status: 'open', closesAt: { lte: now } } });
      for (const r of stale) await closeAndRelease(deps, tx, r.id, now);
      if (await tx.surveyRun.count({ where: { surveyId, status: 'open' } }))
        throw refuse(ErrorCode.Conflict, SurveyNotice.alreadyOpen, 'a run of this survey is still open');
      const last = await tx.surveyRun.findFirst({ where: { surveyId }, orderBy: { seq: 'desc' }, select: { seq: true } });
      if (last && survey.schedule === 'once') throw refuse(ErrorCode.Conflict, SurveyNotice.alreadyLaunched, 'this one-off survey was launched already');
      const run = await tx.surveyRun.create({
        data: {
          surveyId,
          seq: (last?.seq ?? 0) + 1,
          opensAt: now,
          closesAt: new Date(now.getTime() + survey.windowDays * DAY_MS),
          sentCount: people.length,
          answeredSlots: emptySlots(people.length),
        },
      });
      for (let i = 0; i < people.length; i += CHUNK) {
        await tx.surveyParticipation.createMany({
          data: people.slice(i, i + CHUNK).map((p, j) => ({ runId: run.id, personId: p.id, slot: slots[i + j] ?? i + j, sentAt: now })),
        });
      }
      return { run, closedRuns: stale.map((r) => ({ ...toRunInfo(r), status: 'closed' as const })) };
    }, RELEASE_TX);
    log?.info({ surveyId, runId: run.id, seq: run.seq, recipients: people.length }, 'survey run launched');
    return { run: toRunInfo(run), recipients: people.map((p) => ({ personId: p.id, locale: surveyLocale(p.language) })), closedRuns };
  } catch (e) {
    // Two launches at once: the second loses the (surveyId, seq) race.
    if (isUniqueViolation(e)) throw refuse(ErrorCode.Conflict, SurveyNotice.alreadyOpen, 'a run of this survey was launched at the same time');
    throw e;
  }
}

/** Closes a run by hand (`survey close`): the given run, or the open run of a survey, and
 *  releases its answers. Closing a closed run is not an error. */
export async function closeRun(deps: SurveyDeps, target: { runId: string } | { surveyId: string }): Promise<RunInfo> {
  const { db, clock, log } = deps;
  const run =
    'runId' in target
      ? await db.surveyRun.findUnique({ where: { id: target.runId } })
      : await db.surveyRun.findFirst({ where: { surveyId: target.surveyId }, orderBy: { seq: 'desc' } });
  if (!run) throw refuse(ErrorCode.NotFound, SurveyNotice.notFound, 'no such survey run');
  if (run.status === 'closed') return toRunInfo(run);
  const opened = await openSealed(deps, db, run.id);
  const released = await db.$transaction((tx) => closeAndRelease(deps, tx, run.id, clock.now(), opened), RELEASE_TX);
  if (released) log?.info({ surveyId: run.surveyId, runId: run.id, ...released }, 'survey run closed by hand');
  return toRunInfo(await db.surveyRun.findUniqueOrThrow({ where: { id: run.id } }));
}

/** Closes every open run whose window has ended and releases its answers; returns the runs this
 *  call closed (each once, even with several instances sweeping), so their cards can be updated
 *  to "closed". A run whose answers cannot be released (sealed with another key) stays open and
 *  is logged; the others close. */
export async function closeDueRuns(deps: SurveyDeps): Promise<RunInfo[]> {
  const { db, clock, log } = deps;
  const now = clock.now();
  const due = await db.surveyRun.findMany({ where: { status: 'open', closesAt: { lte: now } } });
  const closed: RunInfo[] = [];
  for (const run of due) {
    let released: Released | null;
    try {
      const opened = await openSealed(deps, db, run.id);
      released = await db.$transaction((tx) => closeAndRelease(deps, tx, run.id, now, opened), RELEASE_TX);
    } catch (e) {
      // It stays open (with every answer) and is tried again at the next sweep.
      if (log) reportError(log, e, { runId: run.id, stage: 'survey-close' });
      continue;
    }
    if (released) {
      closed.push({ ...toRunInfo(run), status: 'closed' });
      log?.info({ runId: run.id, ...released }, 'survey run closed at the end of its window');
    }
  }
  return closed;
}
