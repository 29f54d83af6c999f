// `people import|list|show`: the staff directory.
import { AppError, ErrorCode } from '../../core/errors.ts';
import { importDirectory } from '../../workflows/directory/import.ts';
import { registerGroup, type CliContext } from '../registry.ts';

async function importCommand(ctx: CliContext, [file]: string[]): Promise<number> {
  if (!file) throw new AppError(ErrorCode.InvalidInput, 'usage: people import <file.csv>');
  const tty = process.stderr.isTTY;
  const summary = await importDirectory(ctx.db, file, {
    defaultLocale: ctx.defaultLocale,
    onProgress: (p) => ctx.err(`${tty ? '\r' : ''}read ${p.read} rows: ${p.imported} imported, ${p.rejected} rejected${tty ? '' : ''}`),
  });
  if (tty) ctx.err('');
  ctx.out(`Imported ${file}: ${summary.read} rows read, ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected.length} rejected.`);
  if (summary.notInFile) ctx.out(`${summary.notInFile} people in the directory are not in this file; they were kept as they are.`);
  if (summary.ignoredColumns.length) ctx.out(`Ignored columns: ${summary.ignoredColumns.join(', ')}.`);
  if (summary.rejected.length) {
    ctx.out('Rejected rows (fix them in the file and import it again; good rows are already in):');
    for (const r of summary.rejected) ctx.out(`  line ${r.line}${r.employeeId ? ` (${r.employeeId})` : ''}: ${r.reasons.join('; ')}`);
    return 2;
  }
  return 0;
}

async function listCommand(ctx: CliContext, args: string[]): Promise<number> {
  const opt = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const role = opt('role');
  const building = opt('building');
  const people = await ctx.db.person.findMany({
    where: { ...(role ? { roles: { some: { role: role as never } } } : {}), ...(building ? { building } : {}) },
    include: { roles: true, accounts: { select: { platform: true } } },
    orderBy: { name: 'asc' },
  });
  for (const p of people)
    ctx.out([p.employeeId, p.name, p.email, p.roles.map((r) => r.role).join(';'), p.building ?? '', p.language, p.accounts.map((a) => a.platform).join('+') || '-'].join('\t'));
  ctx.out(`${people.length} people`);
  return 0;
}

async function showCommand(ctx: CliContext, [key]: string[]): Promise<number> {
  if (!key) throw new AppError(ErrorCode.InvalidInput, 'usage: people show <email|employee_id>');
  const p = await ctx.db.person.findFirst({
    where: { OR: [{ email: key.toLowerCase() }, { employeeId: key }] },
    include: { roles: true, accounts: { select: { platform: true, workspaceId: true, lastSeenAt: true } } },
  });
  if (!p) throw new AppError(ErrorCode.NotFound, `nobody with email or employee id ${key}`);
  const facts: [string, unknown][] = [
    ['employee id', p.employeeId], ['name', p.name], ['email', p.email], ['roles', p.roles.map((r) => r.role).join(', ')],
    ['building', p.building], ['region', p.region], ['job category', p.jobCategory], ['hire date', p.hireDate?.toISOString().slice(0, 10)],
    ['manager', p.managerEmail], ['language', p.language], ['accounts', p.accounts.map((a) => `${a.platform} (${a.workspaceId})`).join(', ') || 'none yet'],
  ];
  for (const [k, v] of facts) ctx.out(`${k.padEnd(14)}${v ?? '-'}`);
  return 0;
}

registerGroup('people', {
  summary: 'the staff directory',
  commands: {
    import: { usage: 'import <file.csv>', summary: 'import or update people from the HR CSV export', run: importCommand },
    list: { usage: 'list [--role r] [--building b]', summary: 'list people', run: listCommand },
    show: { usage: 'show <email|employee_id>', summary: 'one person, their roles and accounts', run: showCommand },
  },
});
