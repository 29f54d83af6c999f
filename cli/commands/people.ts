// `people import|list|show`: the staff directory.
import { basename } from 'node:path';
import { slackMembers } from '../../bots/index.ts';
import { loadConfig } from '../../core/config.ts';
import { isRole, ROLES } from '../../core/db.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import { MAX_RECORD_LINES } from '../../directory/csv-records.ts';
import { normalizeRole, REQUIRED_COLUMNS } from '../../directory/csv-row.ts';
import { graphConfigFrom } from '../../directory/graph.ts';
import { runGraphSync } from '../../directory/graph-run.ts';
import { type ImportSummary, importDirectory } from '../../directory/import.ts';
import { linkSlackMembers } from '../../directory/link-slack.ts';
import { directoryReach, REASON_TEXT } from '../../directory/reach.ts';
import { DEFAULT_ROLE_MAP } from '../../directory/role-map.ts';
import { FORMAT_NAMES } from '../../directory/source.ts';
import { ENCODING_CHOICES, parseEncoding } from '../../directory/text-encoding.ts';
import type { CliContext, CliGroup } from '../../kernel/cli.ts';
import { parseCommand } from '../args.ts';
import { progressLine } from '../progress.ts';
import { formatTable } from '../table.ts';

const IMPORT_USAGE =
  'people import <file.csv> (or a roster folder or .zip) [--hr hr.csv] [--role-map map.csv] [--full] [--dry-run] [--encoding utf-8|windows-1252|latin1]';
const LIST_USAGE = 'people list [--role <role>] [--building <building>]';
const SHOW_USAGE = 'people show <email|employee_id>';

const imported = (s: ImportSummary) => s.created + s.updated + s.unchanged;
const people = (n: number) => `${n} ${n === 1 ? 'person' : 'people'}`;

function report(ctx: CliContext, file: string, s: ImportSummary, full: boolean): void {
  const ours = s.format === 'csv';
  const unit = ours ? 'rows' : 'records';
  const would = s.dryRun ? 'would be ' : '';
  ctx.out(
    `${s.dryRun ? 'Dry run, nothing written:' : 'Imported'} ${basename(file)}${ours ? '' : ` (${FORMAT_NAMES[s.format]})`}: ${s.read} ${unit} read, ${s.created} ${would}created, ${s.updated} ${would}updated, ${s.unchanged} unchanged, ${s.rejected.length} rejected.`,
  );
  if (s.deactivated || s.reactivated) ctx.out(`${people(s.deactivated)} ${would}made inactive, ${people(s.reactivated)} ${would}made active again.`);
  const skipped = Object.entries(s.skipped).sort(([a], [b]) => (a < b ? -1 : 1));
  if (skipped.length) ctx.out(`Skipped (not staff): ${skipped.map(([role, n]) => `${n} ${role}`).join(', ')}.`);
  if (s.hrMerged) ctx.out(`HR file merged into ${people(s.hrMerged)}.`);
  if (s.fullRefused) ctx.out(`--full: nobody was made inactive, because ${s.fullRefused}; fix the source and import it again.`);
  else if (s.notInFile && !full)
    ctx.out(
      `${people(s.notInFile)} in the directory ${s.notInFile === 1 ? 'is' : 'are'} not in this file and kept as before (an import never deletes anyone; with --full they become inactive).`,
    );
  if (s.ignoredColumns.length) ctx.out(`Ignored columns: ${s.ignoredColumns.join(', ')}.`);
  if (!s.rejected.length) return;
  ctx.out('');
  ctx.out(
    imported(s)
      ? `Rejected ${unit} (fix them in the file and import it again; the other ${unit} are in):`
      : `Rejected ${unit} (every ${unit.slice(0, -1)} was rejected, so nothing was imported; fix them and import the file again):`,
  );
  for (const r of s.rejected) ctx.out(`  ${r.file ? `${r.file} ` : ''}line ${r.line}${r.employeeId ? ` (${r.employeeId})` : ''}: ${r.reasons.join('; ')}`);
}

async function importCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals, values } = parseCommand(args, {
    usage: IMPORT_USAGE,
    positionals: ['<file.csv>'],
    options: {
      encoding: { type: 'string' },
      hr: { type: 'string' },
      'role-map': { type: 'string' },
      full: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
    },
  });
  const [file] = positionals as [string];
  const encoding = values.encoding === undefined ? 'utf-8' : parseEncoding(values.encoding);
  const progress = progressLine(ctx.stderr, ctx.err);
  const full = values.full === true;
  const summary = await importDirectory(ctx.db, file, {
    defaultLocale: ctx.defaultLocale,
    encoding,
    log: ctx.log,
    full,
    dryRun: values['dry-run'] === true,
    ...(values.hr === undefined ? {} : { hrFile: values.hr }),
    ...(values['role-map'] === undefined ? {} : { roleMapFile: values['role-map'] }),
    onProgress: (p) => progress.update(p.read, `read ${p.read} ${p.unit}: ${p.imported} imported, ${p.rejected} rejected`),
  });
  progress.done();
  report(ctx, file, summary, full);
  // Workflows that follow the directory (e.g. training assigns new hires) catch up now.
  if (!summary.dryRun && (imported(summary) || summary.deactivated)) await ctx.directoryChanged();
  if (!summary.rejected.length) return 0;
  return imported(summary) ? 2 : 1;
}

async function listCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommand(args, { usage: LIST_USAGE, positionals: [], options: { role: { type: 'string' }, building: { type: 'string' } } });
  const role = values.role === undefined ? undefined : normalizeRole(values.role);
  if (role !== undefined && !isRole(role)) throw new AppError(ErrorCode.InvalidInput, `--role takes one of ${ROLES.join(', ')} (got "${values.role}")`);
  const building = values.building?.trim().toLowerCase();
  const people = (
    await ctx.db.person.findMany({
      where: role ? { roles: { some: { role } } } : {},
      include: { roles: true, accounts: { select: { platform: true } } },
      orderBy: [{ name: 'asc' }, { employeeId: 'asc' }],
    })
  ).filter((p) => building === undefined || p.building?.toLowerCase() === building);
  const rows = people.map((p) => [
    p.employeeId,
    p.name,
    p.email,
    p.roles
      .map((r) => r.role)
      .sort()
      .join(';'),
    p.building,
    p.language,
    [...new Set(p.accounts.map((a) => a.platform))].join('+') || '-',
  ]);
  if (rows.length) for (const line of formatTable(['EMPLOYEE ID', 'NAME', 'EMAIL', 'ROLES', 'BUILDING', 'LANGUAGE', 'CHAT'], rows)) ctx.out(line);
  ctx.out(`${people.length} ${people.length === 1 ? 'person' : 'people'}`);
  return 0;
}

async function showCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [key] = parseCommand(args, { usage: SHOW_USAGE, positionals: ['<email|employee_id>'] }).positionals as [string];
  const p = await ctx.db.person.findFirst({
    where: { OR: [{ email: key.trim().toLowerCase() }, { employeeId: key.trim() }] },
    include: { roles: true, accounts: { select: { platform: true, workspaceId: true, lastSeenAt: true } } },
  });
  if (!p) throw new AppError(ErrorCode.NotFound, `nobody in the directory with email or employee id ${key}`);
  const facts: [string, string | null | undefined][] = [
    ['employee id', p.employeeId],
    ['name', p.name],
    ['email', p.email],
    [
      'roles',
      p.roles
        .map((r) => r.role)
        .sort()
        .join(', '),
    ],
    ['building', p.building],
    ['region', p.region],
    ['job category', p.jobCategory],
    ['hire date', p.hireDate?.toISOString().slice(0, 10)],
    ['manager', p.managerEmail],
    ['language', p.language],
    ['accounts', p.accounts.map((a) => `${a.platform} (${a.workspaceId}, last seen ${a.lastSeenAt.toISOString().slice(0, 10)})`).join(', ') || 'none yet'],
  ];
  for (const [k, v] of facts) ctx.out(`${k.padEnd(14)}${v ?? '-'}`);
  return 0;
}

const LINK_USAGE = 'people link slack [--email <email>]';
const REACH_USAGE = 'people reach [--list]';

async function linkCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals, values } = parseCommand(args, { usage: LINK_USAGE, positionals: ['<slack>'], options: { email: { type: 'string', multiple: true } } });
  if (positionals[0] !== 'slack')
    throw new AppError(
      ErrorCode.InvalidInput,
      `people link takes slack (got "${positionals[0]}"); Teams is reached through people sync graph (usage: ${LINK_USAGE})`,
    );
  const slack = loadConfig().slack;
  if (!slack) throw new AppError(ErrorCode.ConfigInvalid, 'Slack is not configured: set SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_TEAM_IDS');
  const members = slackMembers({ botToken: slack.botToken, ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}) });
  const emails = (values.email ?? []).map((e) => e.trim().toLowerCase());
  async function* some() {
    for (const email of emails) {
      const m = await members.byEmail(email);
      if (m) yield m;
      else ctx.out(`No Slack member has the email ${email}.`);
    }
  }
  const s = await linkSlackMembers(ctx.db, emails.length ? some() : members.all(), ctx.clock.now(), ctx.log);
  ctx.out(
    `Slack: ${s.members} members read, ${s.linked} newly linked, ${s.updated} updated, ${s.deactivated} deactivated in the workspace, ${s.notInDirectory} not in the directory.`,
  );
  return 0;
}

async function reachCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseCommand(args, { usage: REACH_USAGE, positionals: [], options: { list: { type: 'boolean' } } });
  const r = await directoryReach(ctx.db);
  ctx.out(`${people(r.people)} in the directory: ${r.teamsOnly} on Teams only, ${r.slackOnly} on Slack only, ${r.both} on both, ${r.none} not reachable.`);
  const reasons = (Object.keys(r.byReason) as (keyof typeof r.byReason)[]).filter((k) => r.byReason[k]);
  if (reasons.length) ctx.out(`Not reachable: ${reasons.map((k) => `${r.byReason[k]} ${REASON_TEXT[k]}`).join(', ')}.`);
  if (values.list && r.unreachable.length)
    for (const line of formatTable(
      ['EMPLOYEE ID', 'NAME', 'EMAIL', 'REASON'],
      r.unreachable.map((u) => [u.employeeId, u.name, u.email, REASON_TEXT[u.reason]]),
    ))
      ctx.out(line);
  return 0;
}

const SYNC_USAGE = 'people sync graph';

async function syncCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { positionals } = parseCommand(args, { usage: SYNC_USAGE, positionals: ['<graph>'] });
  if (positionals[0] !== 'graph') throw new AppError(ErrorCode.InvalidInput, `people sync takes graph (got "${positionals[0]}") (usage: ${SYNC_USAGE})`);
  const config = graphConfigFrom(process.env);
  if (!config) throw new AppError(ErrorCode.ConfigInvalid, 'Microsoft Graph is not configured: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET');
  const progress = progressLine(ctx.stderr, ctx.err, 1000);
  const { sync: s, install: i } = await runGraphSync(ctx, config, {
    onPage: (n) => progress.update(n, `read ${n} users`),
    onThrottle: (seconds) => ctx.err(`Graph asked to wait ${seconds} s (429 Retry-After); waiting`),
  });
  progress.done();
  ctx.out(
    `Microsoft Graph (${s.delta ? 'changes since the last sync' : 'every user'}): ${s.users} users read in ${s.pages} pages, ${s.created} created, ${s.updated} updated, ${s.deactivated} made inactive, ${s.reactivated} made active again, ${s.skipped} without an employeeId or email skipped, ${s.conflicts} with an email another employee has.`,
  );
  if (i) {
    ctx.out(
      `Teams app for people with no Teams conversation yet: ${i.candidates} considered, ${i.installed} installed, ${i.alreadyInstalled} already installed, ${i.blocked} blocked by their app policy, ${i.failed} failed (tried again next sync).`,
    );
  } else ctx.out('TEAMS_APP_CATALOG_ID is not set, so the Teams app was not installed for anyone (Teams reaches people through the team roster only).');
  return 0;
}

export const peopleCli: CliGroup = {
  summary: 'the staff directory',
  commands: {
    import: {
      usage: 'import <file.csv> (or a roster folder or .zip) [--hr hr.csv] [--role-map map.csv] [--full] [--dry-run] [--encoding ...]',
      summary: 'import or update people from our CSV, a OneRoster 1.1/1.2 or School Data Sync v2.1 extract, and an HR file',
      help: [
        'Sources, recognised by their files and headers:',
        `  our CSV: columns (header required, any order, extra columns ignored) ${REQUIRED_COLUMNS.join(',')}`,
        `    roles: ${ROLES.join(', ')}, separated by ; (empty means staff). hire_date: YYYY-MM-DD.`,
        '    language: a language code such as en or es (empty means DEFAULT_LOCALE).',
        '  a roster folder or zip: OneRoster 1.1 (Infinite Campus) or 1.2 (manifest.csv, orgs.csv, users.csv,',
        '    1.2 also roles.csv), or School Data Sync v2.1 (orgs.csv, users.csv, roles.csv). Headers are',
        "    case-sensitive as published. Building = the user's primary org, region = its parent (when that",
        '    is not the top of the tree). Students, guardians and parents are skipped and counted.',
        `    Role map (source role: our roles): ${Object.entries(DEFAULT_ROLE_MAP)
          .map(([k, v]) => `${k}: ${v === 'skip' ? 'skip' : v.join(';')}`)
          .join(', ')}.`,
        '    --role-map map.csv (columns source_role,roles; roles ours separated by ;, or skip) changes or',
        '    extends it. A role in neither is refused by its line.',
        '--hr hr.csv: columns employee_id or email, and any of hire_date, manager_email, job_category,',
        "  language, roles (added to the roster's). Non-empty values go over the source's.",
        '',
        "People are matched by employee_id (a roster's identifier, else its sourcedId): importing again",
        'updates them and replaces their roles. Nobody is deleted. A record deleted (status tobedeleted)',
        'or whose roles have all ended makes its person inactive: no messages, in no audience, history',
        'kept. --full: everyone the source does not mention becomes inactive too (not when a record could',
        'not be read). A later import that has them again makes them active again.',
        '--dry-run: prints what would be added, updated and made inactive, and writes nothing.',
        'Bad records are listed by file and line and skipped; the others are imported.',
        '',
        'A value with a comma, a quote or a line break goes in double quotes, with "" for a quote in it.',
        'A stray quote costs only its own line: a quoted value may run over several lines only if it',
        `closes within ${MAX_RECORD_LINES} lines, before any line that is a complete row by itself, and the row then`,
        'ends properly; otherwise the line where the quote opened is reported and reading goes on at',
        'the next line, as a row of its own.',
        '',
        `--encoding: ${ENCODING_CHOICES} (default utf-8; a UTF-8 byte-order mark is fine).`,
        'A file that is not valid UTF-8 is refused, with its first bad line, and nothing is imported:',
        'save it from Excel as "CSV UTF-8 (Comma delimited)", or pass --encoding windows-1252 for',
        'Excel\'s plain "CSV" (latin1 is read as windows-1252, its superset, as browsers do).',
        'UTF-16 files, workbooks and files mixing two encodings are refused.',
        '',
        'Exit code: 0 all records imported, 2 some records rejected, 1 nothing imported (a refused file, or',
        'every record rejected).',
      ].join('\n'),
      run: importCommand,
    },
    list: {
      usage: 'list [--role <role>] [--building <building>]',
      summary: 'list people, by role and/or building',
      help: `Roles: ${ROLES.join(', ')}. The building matches whatever its case.`,
      run: listCommand,
    },
    link: {
      usage: 'link slack [--email <email>]',
      summary: 'link directory people to Slack members by email, ahead of time',
      help: [
        'Reads the whole workspace with users.list (paged), or only the members named by --email (users.lookupByEmail;',
        'the option may be repeated), and links each to the directory person with that email, so a campaign opens',
        'their DM even if they never wrote to the bot. Members deactivated in the workspace are recorded and never messaged.',
      ].join('\n'),
      run: linkCommand,
    },
    sync: {
      usage: 'sync graph',
      summary: 'update the directory from Microsoft Entra ID (Graph users delta query)',
      help: [
        'App-only access: GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (application permission User.Read.All;',
        'TeamsAppInstallation.ReadWriteForUser.All to install the Teams app for people). GRAPH_AUTHORITY_HOST and',
        'GRAPH_BASE_URL change https://login.microsoftonline.com and https://graph.microsoft.com.',
        "TEAMS_APP_CATALOG_ID (the app's id in the tenant app catalog): then the app is installed for everyone with no Teams",
        'conversation yet, so campaigns reach them; a user whose app policy blocks it is reported by people reach.',
        'The first run reads every user; later runs read only the changes (the deltaLink is kept). Disabled or',
        'deleted users become inactive; enabled again, active. The service also runs it nightly at 02:30 (schedule',
        'people:graph-sync, when GRAPH_* is set on the service; change or turn it off with schedules).',
      ].join('\n'),
      run: syncCommand,
    },
    reach: {
      usage: 'reach [--list]',
      summary: 'how many people are reachable on Teams, on Slack, on both, and not at all, and why',
      help: 'Reasons: no account found, app blocked in Teams, Slack user deactivated, inactive in the directory. --list names everyone not reachable. Admins get the same figures in chat: people reach.',
      run: reachCommand,
    },
    show: { usage: 'show <email|employee_id>', summary: 'one person, their roles and chat accounts', run: showCommand },
  },
};
