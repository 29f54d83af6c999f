// `npm run cli -- stories stats [week]|feed [building]`: the reach figures and the public feed,
// from the same operations as chat.
import { parseCommand } from '../../cli/args.ts';
import type { CliGroup } from '../../kernel/cli.ts';
import { storiesFeed } from './feed.ts';
import { digestReach } from './operations.ts';

export const storyCli: CliGroup = {
  summary: 'weekly success stories',
  commands: {
    stats: {
      usage: 'stats [YYYY-MM-DD]',
      summary: 'reach of each digest (per platform, failed by reason) and celebrations',
      run: async (ctx, args) => {
        const [week] = parseCommand(args, { usage: 'stories stats [YYYY-MM-DD]', positionals: ['week?'] }).positionals;
        const { digests, termWeeks } = await digestReach(ctx, week);
        for (const d of digests)
          ctx.out(
            JSON.stringify({ digest: d.digestId, sentAt: d.sentAt.toISOString(), stories: d.stories, celebrations: d.celebrations, platforms: d.platforms }),
          );
        ctx.out(`weeks with a digest since ${termWeeks.termStart}: ${termWeeks.withDigest} of ${termWeeks.sinceTermStart}`);
        return 0;
      },
    },
    feed: {
      usage: 'feed [building]',
      summary: 'the public Atom feed, as GET /stories/feed.xml serves it',
      run: async (ctx, args) => {
        ctx.out(await storiesFeed(ctx, args.join(' ') || undefined));
        return 0;
      },
    },
  },
};
