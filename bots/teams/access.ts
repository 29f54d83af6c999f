// Who may reach the router from Teams: only activities of the district's own tenant(s). A
// foreign tenant gets one polite sentence and nothing else: no dedupe row, no account, no
// person linked, no roster or member look-up.
import { type Activity, ActivityTypes, type InvokeResponse, StatusCodes, type TurnContext } from 'botbuilder';
import type { Logger } from '../../core/log.ts';
import { ADAPTIVE_CARD_ACTION } from './parse.ts';

export const FOREIGN_TENANT_TEXT = "Sorry, DMPS Connect serves only Des Moines Public Schools' own Microsoft Teams. Please use it from your district account.";

/** Every tenant id the activity names (conversation and channel data), lower case. */
export function tenantIdsOf(activity: Partial<Activity>): string[] {
  const ids: unknown[] = [activity.conversation?.tenantId, (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id];
  return ids.filter((t): t is string => typeof t === 'string' && t !== '').map((t) => t.toLowerCase());
}

/** True when the activity names at least one tenant and every tenant it names is allowed. */
export function fromAllowedTenant(activity: Partial<Activity>, allowed: ReadonlySet<string>): boolean {
  const ids = tenantIdsOf(activity);
  return ids.length > 0 && ids.every((t) => allowed.has(t));
}

/** Answers an activity from another tenant and logs one line; stores and looks up nothing. */
export async function refuseForeignTenant(context: TurnContext, log: Logger): Promise<void> {
  const a = context.activity;
  log.info({ reason: 'foreign tenant', tenantIds: tenantIdsOf(a), activityType: a.type }, 'teams activity refused');
  if (a.type === ActivityTypes.Invoke && a.name === ADAPTIVE_CARD_ACTION) {
    const value: InvokeResponse = {
      status: StatusCodes.OK,
      body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: FOREIGN_TENANT_TEXT },
    };
    await context.sendActivity({ type: 'invokeResponse', value });
    return;
  }
  const installed =
    (a.type === ActivityTypes.InstallationUpdate && (a.action ?? 'add').startsWith('add')) ||
    (a.type === ActivityTypes.ConversationUpdate && (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id));
  const userMessage = a.type === ActivityTypes.Message && a.from?.id !== a.recipient?.id;
  if (userMessage || installed) await context.sendActivity({ text: FOREIGN_TENANT_TEXT });
}
