// `hiring export`: one row per process of the quarter, for the district's data management system,
// as CSV or JSON. The same figures as the report (report.ts), so the two always match. No
// candidate codes or names, no verification answers of a person, no comments.
import { csvField } from '../../surveys/domain/export-csv.ts';
import type { Actor, HiringDeps, Quarter } from './model.ts';
import { type HiringReport, hiringReport, type ProcessFacts, processFacts } from './report.ts';

export interface HiringExport {
  quarter: string;
  report: HiringReport;
  processes: ProcessFacts[];
}

export async function hiringExport(deps: HiringDeps, actor: Actor, quarter: Quarter): Promise<HiringExport> {
  const processes = await processFacts(deps, actor, quarter);
  return { quarter: quarter.label, report: await hiringReport(deps, actor, quarter), processes };
}

const rate = (n: number, d: number) => (d ? String(Math.round((n / d) * 1000) / 10) : '');

export function exportCsv(x: HiringExport): string {
  const items = x.report.total.items.map((i) => i.key);
  const header = [
    'quarter',
    'process',
    'requisition',
    'position',
    'building',
    'region',
    'job_category',
    'status',
    'opened',
    'closed',
    'meets_parameters',
    'exception',
    'failed_parameters',
    'interviews',
    'checklists',
    'median_delay_hours',
    ...items.flatMap((k) => [`${k}_yes`, `${k}_answered`]),
    'verification_sent',
    'verification_answered',
    'verification_response_pct',
    'agreement_compared',
    'agreement_agree',
    'felt_pressure',
  ];
  const lines = [header.join(',')];
  for (const p of x.processes) {
    const f = p.figures;
    const v = f.verification ?? { sent: 0, answered: 0, agree: 0, compared: 0, pressure: 0 };
    const byKey = new Map(f.items.map((i) => [i.key, i]));
    lines.push(
      [
        x.quarter,
        p.ref,
        p.requisitionId,
        p.position,
        p.building,
        p.region ?? '',
        p.jobCategory,
        p.status,
        p.createdAt.toISOString(),
        p.closedAt?.toISOString() ?? '',
        p.rulesPass ? 'yes' : 'no',
        p.exception ? 'yes' : 'no',
        p.failedRules.join(' '),
        String(f.interviews),
        String(f.checklists),
        f.medianDelayHours === null ? '' : String(f.medianDelayHours),
        ...items.flatMap((k) => [String(byKey.get(k)?.yes ?? 0), String(byKey.get(k)?.answered ?? 0)]),
        String(v.sent),
        String(v.answered),
        rate(v.answered, v.sent),
        String(v.compared),
        String(v.agree),
        String(v.pressure),
      ]
        .map((s) => csvField(s, { text: true }))
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
