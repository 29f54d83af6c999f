// `schedules list|set|enable|disable`: recurring jobs.
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { CliContext, CliGroup } from '../../kernel/cli.ts';
import { listSchedules, saveSchedule, setEnabled } from '../../scheduler/index.ts';

export const schedulesCli: CliGroup = {
  summary: 'recurring jobs (cron in a time zone)',
  commands: {
    list: {
      usage: 'list',
      summary: 'list schedules',
      run: async (ctx: CliContext) => {
        for (const s of await listSchedules(ctx.db)) ctx.out(`${s.name}\t${s.cron}\t${s.timeZone}\t${s.job}\t${s.enabled ? 'enabled' : 'disabled'}`);
        return 0;
      },
    },
    set: {
      usage: 'set <name> <cron> <job> [time zone] [params json]',
      summary: 'create or replace a schedule',
      run: async (ctx: CliContext, [name, cron, job, tz, params]: string[]) => {
        if (!name || !cron || !job) throw new AppError(ErrorCode.InvalidInput, 'usage: schedules set <name> "<cron>" <job> [time zone] [params json]');
        let parsed: Record<string, unknown> = {};
        if (params) {
          try {
            parsed = JSON.parse(params) as Record<string, unknown>;
          } catch {
            throw new AppError(ErrorCode.InvalidInput, 'params must be a JSON object');
          }
        }
        const s = await saveSchedule(ctx.db, { name, cron, job, timeZone: tz ?? ctx.timeZone, params: parsed });
        ctx.out(`saved ${s.name}: ${s.cron} (${s.timeZone}) → ${s.job}`);
        return 0;
      },
    },
    enable: {
      usage: 'enable <name>',
      summary: 'turn a schedule on',
      run: async (ctx, [name]) => {
        await setEnabled(ctx.db, name ?? '', true);
        ctx.out(`enabled ${name}`);
        return 0;
      },
    },
    disable: {
      usage: 'disable <name>',
      summary: 'turn a schedule off',
      run: async (ctx, [name]) => {
        await setEnabled(ctx.db, name ?? '', false);
        ctx.out(`disabled ${name}`);
        return 0;
      },
    },
  },
};
