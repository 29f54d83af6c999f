// `deliveries [campaign]`: what a send reached, failed on, and how fast.
import { campaignStatus } from '../../delivery/index.ts';
import type { CliContext, CliGroup } from '../../kernel/cli.ts';

async function run(ctx: CliContext, [id]: string[]): Promise<number> {
  if (!id) {
    const campaigns = await ctx.db.campaign.findMany({ orderBy: { createdAt: 'desc' }, take: 20 });
    for (const c of campaigns) ctx.out(`${c.id}\t${c.createdAt.toISOString()}\t${c.name}`);
    ctx.out(campaigns.length ? 'Show one: npm run cli -- deliveries <campaign id>' : 'No campaigns yet.');
    return 0;
  }
  const s = await campaignStatus(ctx.db, id);
  ctx.out(`${s.name} (${s.id})`);
  ctx.out(`  recipients ${s.total}: sent ${s.sent}, pending ${s.pending}, sending ${s.sending}, failed ${Object.values(s.failed).reduce((a, b) => a + b, 0)}`);
  for (const [reason, n] of Object.entries(s.failed)) ctx.out(`    failed ${reason}: ${n}`);
  if (s.startedAt) ctx.out(`  started ${s.startedAt.toISOString()}${s.finishedAt ? `, finished ${s.finishedAt.toISOString()}` : ''}`);
  if (s.seconds !== null) ctx.out(`  ${s.seconds} s${s.perSecond ? `, ${s.perSecond} per second` : ''}`);
  return 0;
}

export const deliveriesCli: CliGroup = { summary: 'proactive sends: counts by state, failures by reason, timing', usage: '[campaign id]', run };
