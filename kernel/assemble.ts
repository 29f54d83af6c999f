// Reads the list of workflow modules once: checks that every id is unique and carries its
// workflow's prefix, builds the card catalog, and turns jobs into what the scheduler runs
// (parameters parsed by the job's own schema). The service, the CLI and the tests all start
// from here, so a workflow plugs in by being in the list.

import type { Db } from '../core/db.ts';
import { AppError, ErrorCode } from '../core/errors.ts';
import { type Job, saveSchedule } from '../scheduler/index.ts';
import { type Catalog, createCatalog } from './catalog.ts';
import type { CliGroup } from './cli.ts';
import { commandMatcher } from './commands.ts';
import { housekeeping } from './housekeeping.ts';
import type { HttpRoute, WorkflowModule } from './module.ts';
import type { Services } from './turn.ts';

/** Where each kind of id must start: `survey`, `survey-results`; `survey.answer`; `survey:sweep`. */
export const idPatterns = (prefix: string) => ({
  card: new RegExp(`^${prefix}(-[a-z0-9-]+)?$`),
  verb: new RegExp(`^${prefix}\\.[a-zA-Z0-9.]+$`),
  job: new RegExp(`^${prefix}\\.[a-zA-Z0-9.]+$`),
  schedule: new RegExp(`^${prefix}:[a-zA-Z0-9:.-]+$`),
  command: new RegExp(`^${prefix}( |$)`),
});

/** The ids a module declares, by kind (for the checks here and the shape test). */
export function declaredIds(m: WorkflowModule) {
  return {
    card: m.cards.map((c) => c.name),
    verb: (m.verbs ?? []).map((v) => v.verb),
    job: (m.jobs ?? []).map((j) => j.name),
    schedule: (m.schedules ?? []).map((s) => s.name),
    command: (m.commands ?? []).map((c) => c.name),
  };
}

function check(modules: readonly WorkflowModule[]): void {
  const seen = new Map<string, string>();
  for (const m of modules) {
    const patterns = idPatterns(m.name);
    for (const [kind, ids] of Object.entries(declaredIds(m)) as [keyof ReturnType<typeof idPatterns>, string[]][])
      for (const id of ids) {
        if (!patterns[kind].test(id)) throw new AppError(ErrorCode.Internal, `workflow ${m.name}: ${kind} "${id}" does not carry the prefix ${m.name}`);
        const key = `${kind}:${id}`;
        const other = seen.get(key);
        if (other) throw new AppError(ErrorCode.Internal, `${kind} "${id}" is declared by ${other} and ${m.name}`);
        seen.set(key, m.name);
      }
  }
  const paths = new Map<string, string>();
  for (const m of modules)
    for (const r of m.routes ?? []) {
      const key = `${r.method} ${r.path}`;
      const other = paths.get(key);
      if (other) throw new AppError(ErrorCode.Internal, `route ${key} is declared by ${other} and ${m.name}`);
      paths.set(key, m.name);
    }
  commandMatcher(modules); // throws when two commands answer to the same words in some language
}

export interface Assembled {
  modules: readonly WorkflowModule[];
  catalog: Catalog;
  /** The jobs by name, for the scheduler. */
  jobs(services: Services): Record<string, Job>;
  /** Each workflow's CLI group, by the workflow's name. */
  cli: Record<string, CliGroup>;
  /** Runs every module's preparation and creates missing default schedules. */
  prepare(services: Services): Promise<void>;
  /** Runs every module's `onDirectoryChanged`, in order. */
  directoryChanged(services: Services): Promise<void>;
  /** Every workflow's HTTP endpoints. */
  routes: readonly HttpRoute[];
}

/** The workflows, after the kernel's own scheduled housekeeping. */
export function assemble(workflows: readonly WorkflowModule[]): Assembled {
  const modules = [housekeeping, ...workflows];
  check(modules);
  const catalog = createCatalog(modules);
  const specs = modules.flatMap((m) => m.jobs ?? []);
  return {
    modules,
    catalog,
    jobs: (services) =>
      Object.fromEntries(
        specs.map((spec) => [
          spec.name,
          async (raw, fire) => {
            const params = spec.params.safeParse(raw);
            if (!params.success)
              throw new AppError(
                ErrorCode.InvalidInput,
                `job ${spec.name}: bad parameters (${params.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')})`,
              );
            await spec.run({ ...services, ...fire }, params.data);
          },
        ]),
      ),
    cli: Object.fromEntries(modules.flatMap((m) => (m.cli ? [[m.name, m.cli]] : []))),
    routes: modules.flatMap((m) => m.routes ?? []),
    async directoryChanged(services) {
      for (const m of modules) await m.onDirectoryChanged?.(services);
    },
    async prepare(services) {
      for (const m of modules) await m.prepare?.(services);
      await createDefaultSchedules(
        services.db,
        modules,
        specs.map((s) => s.name),
      );
    },
  };
}

async function createDefaultSchedules(db: Db, modules: readonly WorkflowModule[], knownJobs: string[]): Promise<void> {
  for (const s of modules.flatMap((m) => m.schedules ?? [])) {
    const existing = await db.schedule.findUnique({ where: { name: s.name } });
    if (!existing) await saveSchedule(db, { name: s.name, cron: s.cron, job: s.job, params: s.params ?? {} }, knownJobs);
  }
}
