// Hiring processes: opened by a hiring manager with the position, building, job category,
// requisition id and panel; the selection-team parameters are evaluated at once and whenever
// the panel changes. "Ready to interview" needs every parameter met, or an exception HR records
// with a reason. Only the process's hiring manager or HR may change or see it.
import { z } from 'zod';
import type { Prisma } from '../../../core/db.ts';
import { audit } from './audit.ts';
import { type Actor, ErrorCode, type HiringDeps, HiringNotice, isHr, refuse } from './model.ts';
import { enabledRules, evaluateRules, panelFromDirectory, type RuleResult, RuleResults } from './rules.ts';
import { productionTrainingRecords } from './training-records.ts';

const text = (max: number) => z.string().trim().min(1).max(max);
export const NewProcessInput = z.object({
  position: text(200),
  building: text(200),
  jobCategory: text(200),
  requisitionId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,40}$/),
  panel: z.array(z.email()).min(1).max(20),
});
export type NewProcessInput = z.input<typeof NewProcessInput>;

/** Emails typed or picked, separated by commas, semicolons, spaces or new lines. */
export const splitEmails = (raw: string) =>
  raw
    .split(/[\s,;]+/)
    .map((e) => e.trim().toLowerCase())
    .filter(Boolean);

export type ProcessRow = Prisma.HiringProcessGetPayload<{ include: { panel: true } }>;

export interface ProcessView {
  process: ProcessRow;
  results: RuleResult[];
}

const view = (process: ProcessRow): ProcessView => ({ process, results: RuleResults.parse(process.ruleResults) });

async function nextRef(deps: HiringDeps): Promise<string> {
  const n = (await deps.db.hiringProcess.count()) + 1;
  return `H-${String(n).padStart(4, '0')}`;
}

async function evaluate(deps: HiringDeps, building: string, emails: readonly string[]) {
  const panel = await panelFromDirectory(deps.db, emails);
  const results = await evaluateRules(await enabledRules(deps.db), panel, building, deps.training ?? productionTrainingRecords(deps.db, deps.clock));
  return { panel, results, pass: results.length > 0 && results.every((r) => r.pass) };
}

export async function openProcess(deps: HiringDeps, actor: Actor, input: NewProcessInput): Promise<ProcessView> {
  const parsed = NewProcessInput.safeParse(input);
  if (!parsed.success)
    throw refuse(ErrorCode.InvalidInput, HiringNotice.badForm, `hiring new refused: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const p = parsed.data;
  const now = deps.clock.now();
  const { panel, results, pass } = await evaluate(deps, p.building, p.panel);
  const inBuilding = await deps.db.person.findFirst({ where: { building: p.building, region: { not: null } }, select: { region: true } });
  for (let attempt = 0; ; attempt++) {
    try {
      const created = await deps.db.$transaction(async (tx) => {
        const process = await tx.hiringProcess.create({
          data: {
            ref: await nextRef({ ...deps, db: tx as typeof deps.db }),
            position: p.position,
            building: p.building,
            region: inBuilding?.region ?? null,
            jobCategory: p.jobCategory,
            requisitionId: p.requisitionId,
            managerId: actor.id,
            status: pass ? 'ready' : 'draft',
            ruleResults: results as unknown as object,
            rulesPass: pass,
            readyAt: pass ? now : null,
            createdAt: now,
            panel: { create: panel.map((m) => ({ email: m.email, personId: m.person?.id ?? null })) },
          },
          include: { panel: true },
        });
        await audit(tx, {
          processId: process.id,
          actorId: actor.id,
          action: 'process.opened',
          detail: { requisitionId: p.requisitionId, panel: panel.length },
          at: now,
        });
        await audit(tx, {
          processId: process.id,
          actorId: actor.id,
          action: 'rules.evaluated',
          detail: { failed: results.filter((r) => !r.pass).map((r) => r.key) },
          at: now,
        });
        return process;
      });
      deps.log?.info({ processId: created.id, pass }, 'hiring process opened');
      return view(created);
    } catch (e) {
      // Two processes opened at the same moment took the same ref: take the next one.
      if (attempt < 3 && (e as { code?: string }).code === 'P2002') continue;
      throw e;
    }
  }
}

/** A process by its ref (H-0007) or id. */
export async function findProcess(deps: HiringDeps, refOrId: string): Promise<ProcessRow> {
  const key = refOrId.trim();
  const process = await deps.db.hiringProcess.findFirst({ where: { OR: [{ ref: key.toUpperCase() }, { id: key }] }, include: { panel: true } });
  if (!process) throw refuse(ErrorCode.NotFound, HiringNotice.notFound, 'no such hiring process', { ref: key.slice(0, 40) });
  return process;
}

/** The process for its hiring manager or HR; anyone else is refused (the process is not named). */
export async function processFor(deps: HiringDeps, actor: Actor, refOrId: string): Promise<ProcessView> {
  const process = await findProcess(deps, refOrId);
  if (process.managerId !== actor.id && !isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'not the hiring manager or HR');
  return view(process);
}

function open(process: ProcessRow) {
  if (process.status === 'closed') throw refuse(ErrorCode.Conflict, HiringNotice.closed, 'process closed', { ref: process.ref });
}

export async function setPanel(deps: HiringDeps, actor: Actor, refOrId: string, emails: readonly string[]): Promise<ProcessView> {
  const { process } = await processFor(deps, actor, refOrId);
  open(process);
  const parsed = NewProcessInput.shape.panel.safeParse(emails);
  if (!parsed.success) throw refuse(ErrorCode.InvalidInput, HiringNotice.badForm, 'panel refused');
  const now = deps.clock.now();
  const { panel, results, pass } = await evaluate(deps, process.building, parsed.data);
  const ready = pass || process.exceptionReason !== null;
  const updated = await deps.db.$transaction(async (tx) => {
    await tx.hiringPanelMember.deleteMany({ where: { processId: process.id } });
    await tx.hiringPanelMember.createMany({ data: panel.map((m) => ({ processId: process.id, email: m.email, personId: m.person?.id ?? null })) });
    await audit(tx, { processId: process.id, actorId: actor.id, action: 'panel.set', detail: { panel: panel.length }, at: now });
    await audit(tx, {
      processId: process.id,
      actorId: actor.id,
      action: 'rules.evaluated',
      detail: { failed: results.filter((r) => !r.pass).map((r) => r.key) },
      at: now,
    });
    return tx.hiringProcess.update({
      where: { id: process.id },
      data: { ruleResults: results as unknown as object, rulesPass: pass, status: ready ? 'ready' : 'draft', readyAt: ready ? (process.readyAt ?? now) : null },
      include: { panel: true },
    });
  });
  return view(updated);
}

/** HR records an exception to the parameters, with its reason (kept in the record). */
export async function recordException(deps: HiringDeps, actor: Actor, refOrId: string, reason: string): Promise<ProcessView> {
  if (!isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'only HR records exceptions');
  const process = await findProcess(deps, refOrId);
  open(process);
  const why = reason.trim();
  if (!why || why.length > 500) throw refuse(ErrorCode.InvalidInput, HiringNotice.usage, 'exception reason', { usage: 'hiring exception <ref> <reason>' });
  const now = deps.clock.now();
  const updated = await deps.db.$transaction(async (tx) => {
    await audit(tx, { processId: process.id, actorId: actor.id, action: 'exception.recorded', detail: {}, at: now });
    return tx.hiringProcess.update({
      where: { id: process.id },
      data: { exceptionReason: why, exceptionBy: actor.id, exceptionAt: now, status: 'ready', readyAt: process.readyAt ?? now },
      include: { panel: true },
    });
  });
  return view(updated);
}

/** Closes the process (once); returns the panel members with a directory person, who get the verification survey. */
export async function closeProcess(
  deps: HiringDeps,
  actor: Actor,
  refOrId: string,
): Promise<{ view: ProcessView; alreadyClosed: boolean; panelIds: string[] }> {
  const { process } = await processFor(deps, actor, refOrId);
  const panelIds = process.panel.flatMap((m) => (m.personId ? [m.personId] : []));
  if (process.status === 'closed') return { view: view(process), alreadyClosed: true, panelIds };
  const now = deps.clock.now();
  const closed = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.hiringProcess.updateMany({ where: { id: process.id, status: { not: 'closed' } }, data: { status: 'closed', closedAt: now } });
    if (count === 0) return null;
    await tx.hiringInterview.updateMany({ where: { processId: process.id }, data: { nextReminderAt: null } });
    if (panelIds.length) await tx.hiringVerification.createMany({ data: panelIds.map((personId) => ({ processId: process.id, personId, sentAt: now })) });
    await audit(tx, { processId: process.id, actorId: actor.id, action: 'process.closed', detail: { panel: panelIds.length }, at: now });
    return tx.hiringProcess.findUniqueOrThrow({ where: { id: process.id }, include: { panel: true } });
  });
  if (!closed) return { view: view(await findProcess(deps, process.id)), alreadyClosed: true, panelIds };
  return { view: view(closed), alreadyClosed: false, panelIds };
}
