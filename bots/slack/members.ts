// The Slack workspace's members, for linking directory people ahead of time: users.list paged
// (Tier 2: about 20 calls a minute, 200 members a page, so 10,000 members take under a minute)
// or users.lookupByEmail for a few (Tier 3). The WebClient waits out a 429's Retry-After itself.
import { WebClient } from '@slack/web-api';
import { keepAliveFetch } from '../http.ts';
import { translateSlackError } from './outbound.ts';

export interface SlackMember {
  teamId: string;
  userId: string;
  email: string | undefined;
  /** Deactivated in the workspace. */
  deleted: boolean;
}

interface MemberJson {
  id?: string;
  team_id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  profile?: { email?: string };
}

const member = (m: MemberJson): SlackMember | undefined =>
  m.id && !m.is_bot && m.id !== 'USLACKBOT'
    ? { teamId: m.team_id ?? '', userId: m.id, email: m.profile?.email?.trim().toLowerCase() || undefined, deleted: m.deleted === true }
    : undefined;

export function slackMembers(opts: { botToken: string; apiUrl?: string }) {
  const client = new WebClient(opts.botToken, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 5 },
    fetch: keepAliveFetch(30_000),
  });
  return {
    /** Every member, page by page (users.list with its cursor). */
    async *all(): AsyncGenerator<SlackMember> {
      try {
        for await (const page of client.paginate('users.list', { limit: 200 })) {
          for (const m of (page as { members?: MemberJson[] }).members ?? []) {
            const found = member(m);
            if (found) yield found;
          }
        }
      } catch (e) {
        throw translateSlackError(e);
      }
    },
    /** One member by email, or undefined when the workspace has nobody with it. */
    async byEmail(email: string): Promise<SlackMember | undefined> {
      try {
        const r = await client.users.lookupByEmail({ email });
        return r.user ? member(r.user as MemberJson) : undefined;
      } catch (e) {
        const err = translateSlackError(e);
        if (err.details?.reason === 'users_not_found') return undefined;
        throw err;
      }
    },
  };
}
