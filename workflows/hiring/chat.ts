// Structured hiring in chat: `hiring new|show|panel|interview|close|exception|tasks|report|
// export|answers|rules|rule`, and the verbs of the hiring cards. Each step parses, calls the
// domain or operations.ts (which check who may act), and formats a card.
import { z } from 'zod';
import { RESERVED_DATA_KEYS } from '../../cards/ids.ts';
import type { Role } from '../../core/db.ts';
import type { Reply } from '../../kernel/events.ts';
import { type CommandSpec, defineVerb } from '../../kernel/module.ts';
import type { TurnContext } from '../../kernel/turn.ts';
import { card as hiringAck } from './cards/hiring-ack/index.ts';
import { HIRING_CHECKLIST_VERB, card as hiringChecklist, INTERVIEW_ID_INPUT } from './cards/hiring-checklist/index.ts';
import { HIRING_NEW_INPUTS, HIRING_OPEN_VERB, card as hiringNew } from './cards/hiring-new/index.ts';
import {
  HIRING_CLOSE_VERB,
  HIRING_EXCEPTION_VERB,
  HIRING_INTERVIEW_VERB,
  HIRING_PANEL_VERB,
  card as hiringProcess,
  PROCESS_ID_INPUT,
  PROCESS_INPUTS,
} from './cards/hiring-process/index.ts';
import { card as hiringReport } from './cards/hiring-report/index.ts';
import { HIRING_OPEN_CHECKLIST_VERB, HIRING_OPEN_VERIFY_VERB, card as hiringTasks, TASK_ID_INPUT } from './cards/hiring-tasks/index.ts';
import { HIRING_VERIFY_VERB, card as hiringVerify, VERIFY_PROCESS_INPUT } from './cards/hiring-verify/index.ts';
import { auditCsv, auditTrail } from './domain/audit.ts';
import { exportCsv, hiringExport } from './domain/export.ts';
import { fromLocal, interviewFor, submitChecklist } from './domain/interviews.ts';
import { type Actor, ErrorCode, HiringNotice, isHr, parseQuarter, quarterOf, refuse } from './domain/model.ts';
import { findProcess, NewProcessInput, openProcess, type ProcessView, processFor, recordException, setPanel, splitEmails } from './domain/processes.ts';
import { hiringReport as buildReport, REPORT_BY, type ReportBy } from './domain/report.ts';
import { changeRule } from './domain/rules.ts';
import { submitVerification, verificationAnswers } from './domain/verification.ts';
import { checklistCardData, closeAndVerify, myHiringTasks, newProcessChoices, processCardData, recordInterview } from './operations.ts';

const MANAGERS: readonly Role[] = ['hiring_manager', 'hr', 'admin'];
const HR: readonly Role[] = ['hr', 'admin'];
const VIEWERS: readonly Role[] = ['hr', 'admin', 'leader'];

const actorOf = (ctx: TurnContext): Actor => ({ id: ctx.person.id, roles: ctx.roles, building: ctx.person.building, region: ctx.person.region });
const usage = (text: string) => refuse(ErrorCode.InvalidInput, HiringNotice.usage, `usage: ${text}`, { usage: text });
const reply = (...messages: NonNullable<Reply['messages']>): Reply => ({ messages });

/** Reports, exports and panel answers are given only in a 1:1 chat. */
function privateOnly(ctx: TurnContext, command: string) {
  if (ctx.conversation.kind !== 'personal') throw refuse(ErrorCode.Forbidden, HiringNotice.privateOnly, `${command} outside a 1:1 chat`, { command });
}

const processCard = async (ctx: TurnContext, view: ProcessView) => ctx.card(hiringProcess, await processCardData(ctx, actorOf(ctx), view));

async function interviewReply(ctx: TurnContext, ref: string, code: string, at: Date): Promise<Reply> {
  const { process, interview, checklist } = await recordInterview(ctx, actorOf(ctx), ref, code, at);
  const params = { code: interview.candidateCode, ref: process.ref, position: process.position, at: checklist.at };
  return reply({ card: ctx.card(hiringAck, { message: 'interviewAdded', params }) }, { card: ctx.card(hiringChecklist, checklist) });
}

async function closeReply(ctx: TurnContext, ref: string): Promise<Reply> {
  const closed = await closeAndVerify(ctx, actorOf(ctx), ref);
  const { process } = closed.view;
  const params = { ref: process.ref, position: process.position, sent: closed.panelIds.length };
  return reply({ card: ctx.card(hiringAck, { message: closed.alreadyClosed ? 'alreadyClosed' : 'closed', params }) });
}

const BY_WORDS: Record<string, ReportBy> = { building: 'building', region: 'region', job: 'jobCategory', jobcategory: 'jobCategory' };

async function reportReply(ctx: TurnContext, [q, by]: string[]): Promise<Reply> {
  const text = 'hiring report <2026-Q3> [building|region|job]';
  privateOnly(ctx, 'hiring report');
  const quarter = q ? parseQuarter(q) : quarterOf(ctx.clock.now());
  if (!quarter) throw refuse(ErrorCode.InvalidInput, HiringNotice.badQuarter, 'bad quarter');
  const breakdown = by ? BY_WORDS[by.toLowerCase()] : undefined;
  if (by && (!breakdown || !REPORT_BY.includes(breakdown))) throw usage(text);
  const report = await buildReport(ctx, actorOf(ctx), quarter, breakdown);
  return reply({ card: ctx.card(hiringReport, report) });
}

async function exportReply(ctx: TurnContext, args: string[]): Promise<Reply> {
  privateOnly(ctx, 'hiring export');
  const format = args.find((a) => /^(csv|json)$/i.test(a))?.toLowerCase() ?? 'csv';
  const q = args.find((a) => !/^(csv|json)$/i.test(a));
  const quarter = q ? parseQuarter(q) : quarterOf(ctx.clock.now());
  if (!quarter) throw refuse(ErrorCode.InvalidInput, HiringNotice.badQuarter, 'bad quarter');
  const x = await hiringExport(ctx, actorOf(ctx), quarter);
  const body = format === 'json' ? JSON.stringify(x, null, 2) : exportCsv(x).trimEnd();
  return { messages: [{ text: `\`\`\`\n${body}\n\`\`\`` }] };
}

async function answersReply(ctx: TurnContext, ref: string | undefined): Promise<Reply> {
  if (!ref) throw usage('hiring answers <ref>');
  privateOnly(ctx, 'hiring answers');
  const { process, rows } = await verificationAnswers(ctx, actorOf(ctx), ref);
  const lines = ['panel_member,answered,received_ahead,scored_independently,same_questions,felt_pressure,comment'];
  for (const r of rows)
    lines.push(
      [
        r.email,
        r.answeredAt?.toISOString() ?? '',
        r.receivedAhead ?? '',
        r.scoredIndependently ?? '',
        r.sameQuestions ?? '',
        r.feltPressure ?? '',
        JSON.stringify(r.comment ?? ''),
      ].join(','),
    );
  return { messages: [{ text: `${process.ref}\n\`\`\`\n${lines.join('\n')}\n\`\`\`` }] };
}

async function auditReply(ctx: TurnContext, ref: string | undefined): Promise<Reply> {
  if (!ref) throw usage('hiring audit <ref>');
  privateOnly(ctx, 'hiring audit');
  const actor = actorOf(ctx);
  if (!isHr(actor)) throw refuse(ErrorCode.Forbidden, HiringNotice.forbidden, 'only HR reads the audit trail');
  const process = await findProcess(ctx, ref);
  return { messages: [{ text: `${process.ref}\n\`\`\`\n${auditCsv(await auditTrail(ctx.db, process.id)).join('\n')}\n\`\`\`` }] };
}

async function rulesReply(ctx: TurnContext): Promise<Reply> {
  const rules = await ctx.db.hiringRule.findMany({ orderBy: { sortOrder: 'asc' } });
  const lines = rules.map((r) => `${r.key}\t${r.enabled ? 'on' : 'off'}\t${r.kind}\t${JSON.stringify(r.params)}\t${r.labelEn}`);
  return { messages: [{ text: `\`\`\`\n${lines.join('\n')}\n\`\`\`` }] };
}

async function ruleReply(ctx: TurnContext, [key, value]: string[]): Promise<Reply> {
  const text = 'hiring rule <key> on|off|<number>';
  if (!key || !value) throw usage(text);
  const change = value === 'on' ? { enabled: true } : value === 'off' ? { enabled: false } : /^\d{1,2}$/.test(value) ? { min: Number(value) } : undefined;
  if (!change) throw usage(text);
  await changeRule(ctx.db, ctx.person.id, key, change, ctx.clock.now());
  return rulesReply(ctx);
}

export const hiringCommands: readonly CommandSpec[] = [
  {
    name: 'hiring new',
    helpIds: ['hiring.new'],
    roles: MANAGERS,
    run: async (ctx) => reply({ card: ctx.card(hiringNew, await newProcessChoices(ctx)) }),
  },
  {
    name: 'hiring show',
    helpIds: ['hiring.show'],
    roles: MANAGERS,
    run: async (ctx, [ref]) => {
      if (!ref) throw usage('hiring show <ref>');
      return reply({ card: await processCard(ctx, await processFor(ctx, actorOf(ctx), ref)) });
    },
  },
  {
    name: 'hiring panel',
    helpIds: ['hiring.panel'],
    roles: MANAGERS,
    run: async (ctx, [ref, ...emails]) => {
      if (!ref || emails.length === 0) throw usage('hiring panel <ref> <email> <email> …');
      return reply({ card: await processCard(ctx, await setPanel(ctx, actorOf(ctx), ref, splitEmails(emails.join(' ')))) });
    },
  },
  {
    name: 'hiring interview',
    helpIds: ['hiring.interview'],
    roles: MANAGERS,
    run: async (ctx, [ref, code, date, time]) => {
      if (!ref || !code || !date || !time) throw usage('hiring interview <ref> <R-1042-C3> <2026-11-24> <10:00>');
      return interviewReply(ctx, ref, code, fromLocal(ctx.timeZone, date, time));
    },
  },
  {
    name: 'hiring close',
    helpIds: ['hiring.close'],
    roles: MANAGERS,
    run: async (ctx, [ref]) => {
      if (!ref) throw usage('hiring close <ref>');
      return closeReply(ctx, ref);
    },
  },
  {
    name: 'hiring exception',
    helpIds: ['hiring.exception'],
    roles: HR,
    run: async (ctx, [ref, ...why]) => {
      if (!ref || why.length === 0) throw usage('hiring exception <ref> <reason>');
      const view = await recordException(ctx, actorOf(ctx), ref, why.join(' '));
      return reply({ card: await processCard(ctx, view) });
    },
  },
  {
    name: 'hiring tasks',
    helpIds: ['hiring.tasks'],
    run: async (ctx) => reply({ card: ctx.card(hiringTasks, await myHiringTasks(ctx, ctx.person.id)) }),
  },
  { name: 'hiring report', helpIds: ['hiring.report'], roles: VIEWERS, run: (ctx, args) => reportReply(ctx, args) },
  { name: 'hiring export', helpIds: ['hiring.export'], roles: HR, run: (ctx, args) => exportReply(ctx, args) },
  { name: 'hiring answers', helpIds: ['hiring.answers'], roles: HR, run: (ctx, [ref]) => answersReply(ctx, ref) },
  { name: 'hiring audit', helpIds: ['hiring.audit'], roles: HR, run: (ctx, [ref]) => auditReply(ctx, ref) },
  { name: 'hiring rules', helpIds: ['hiring.rules'], roles: HR, run: (ctx) => rulesReply(ctx) },
  { name: 'hiring rule', helpIds: ['hiring.rule'], roles: HR, run: (ctx, args) => ruleReply(ctx, args) },
];

const id = z.string().min(1).max(100);
const ProcessButton = z.object({ [PROCESS_ID_INPUT]: id });
const NewForm = z.object({
  [HIRING_NEW_INPUTS.position]: z.string().max(200).default(''),
  [HIRING_NEW_INPUTS.building]: z.string().max(200).default(''),
  [HIRING_NEW_INPUTS.jobCategory]: z.string().max(200).default(''),
  [HIRING_NEW_INPUTS.requisitionId]: z.string().max(40).default(''),
  [HIRING_NEW_INPUTS.panel]: z.string().max(2000).default(''),
});
/** Form values other than the routing keys. */
const formValues = (input: Record<string, string>, skip: string) =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k !== skip && !RESERVED_DATA_KEYS.includes(k)));

export const hiringVerbs = [
  defineVerb({
    verb: HIRING_OPEN_VERB,
    input: NewForm,
    roles: MANAGERS,
    run: async (ctx, form) => {
      const input = {
        position: form.position,
        building: form.building,
        jobCategory: form.jobCategory,
        requisitionId: form.requisitionId,
        panel: splitEmails(form.panel),
      };
      if (!NewProcessInput.safeParse(input).success) return { update: ctx.card(hiringNew, { ...(await newProcessChoices(ctx)), values: form, problem: true }) };
      const view = await openProcess(ctx, actorOf(ctx), input);
      return reply({ card: await processCard(ctx, view) });
    },
  }),
  defineVerb({
    verb: HIRING_PANEL_VERB,
    input: ProcessButton.extend({ [PROCESS_INPUTS.panel]: z.string().max(2000).default('') }),
    roles: MANAGERS,
    run: async (ctx, input) => ({ update: await processCard(ctx, await setPanel(ctx, actorOf(ctx), input.processId, splitEmails(input.panel))) }),
  }),
  defineVerb({
    verb: HIRING_INTERVIEW_VERB,
    input: ProcessButton.extend({
      [PROCESS_INPUTS.code]: z.string().max(40).default(''),
      [PROCESS_INPUTS.date]: z.string().max(20).default(''),
      [PROCESS_INPUTS.time]: z.string().max(20).default(''),
    }),
    roles: MANAGERS,
    run: async (ctx, input) => {
      const r = await interviewReply(ctx, input.processId, input.candidateCode, fromLocal(ctx.timeZone, input.interviewDate, input.interviewTime));
      return { ...r, update: await processCard(ctx, await processFor(ctx, actorOf(ctx), input.processId)) };
    },
  }),
  defineVerb({
    verb: HIRING_EXCEPTION_VERB,
    input: ProcessButton.extend({ [PROCESS_INPUTS.reason]: z.string().max(500).default('') }),
    roles: HR,
    run: async (ctx, input) => ({ update: await processCard(ctx, await recordException(ctx, actorOf(ctx), input.processId, input.exceptionReason)) }),
  }),
  defineVerb({
    verb: HIRING_CLOSE_VERB,
    input: ProcessButton,
    roles: MANAGERS,
    run: async (ctx, input) => {
      const r = await closeReply(ctx, input.processId);
      return { ...r, update: await processCard(ctx, await processFor(ctx, actorOf(ctx), input.processId)) };
    },
  }),
  defineVerb({
    verb: HIRING_CHECKLIST_VERB,
    input: z.object({ [INTERVIEW_ID_INPUT]: id }).catchall(z.string().max(5000)),
    run: async (ctx, input) => {
      const outcome = await submitChecklist(ctx, actorOf(ctx), input[INTERVIEW_ID_INPUT], formValues(input, INTERVIEW_ID_INPUT));
      const params = { code: outcome.candidateCode, ref: outcome.process.ref, position: outcome.process.position };
      return { update: ctx.card(hiringAck, { message: outcome.status === 'recorded' ? 'checklistRecorded' : 'checklistAlready', params }) };
    },
  }),
  defineVerb({
    verb: HIRING_VERIFY_VERB,
    input: z.object({ [VERIFY_PROCESS_INPUT]: id }).catchall(z.string().max(5000)),
    run: async (ctx, input) => {
      const outcome = await submitVerification(ctx, actorOf(ctx), input[VERIFY_PROCESS_INPUT], formValues(input, VERIFY_PROCESS_INPUT));
      const params = { ref: outcome.process.ref, position: outcome.process.position };
      return { update: ctx.card(hiringAck, { message: outcome.status === 'recorded' ? 'verifyRecorded' : 'verifyAlready', params }) };
    },
  }),
  defineVerb({
    verb: HIRING_OPEN_CHECKLIST_VERB,
    input: z.object({ [TASK_ID_INPUT]: id }),
    run: async (ctx, input) => {
      const interview = await interviewFor(ctx, actorOf(ctx), input.taskId);
      return reply({ card: ctx.card(hiringChecklist, await checklistCardData(ctx, interview.process, interview)) });
    },
  }),
  defineVerb({
    verb: HIRING_OPEN_VERIFY_VERB,
    input: z.object({ [TASK_ID_INPUT]: id }),
    run: async (ctx, input) => {
      const row = await ctx.db.hiringVerification.findUnique({
        where: { processId_personId: { processId: input.taskId, personId: ctx.person.id } },
        include: { process: true },
      });
      if (!row) throw refuse(ErrorCode.Forbidden, HiringNotice.notOnProcess, 'not on this panel');
      return reply({ card: ctx.card(hiringVerify, { processId: row.processId, ref: row.process.ref, position: row.process.position }) });
    },
  }),
];
