// Published platform rate limits, as configuration with these defaults.
// Teams: https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit
// Slack: chat.postMessage about 1 message per second per channel; conversations.open Tier 3.

export interface Window {
  max: number;
  ms: number;
}

export interface DeliveryLimits {
  teams: { perTenant: Window[]; perConversation: Window[] };
  slack: { perWorkspace: Window[]; perChannel: Window[]; conversationsOpen: Window[] };
}

export const DEFAULT_LIMITS: DeliveryLimits = {
  teams: {
    perTenant: [{ max: 50, ms: 1_000 }],
    perConversation: [
      { max: 7, ms: 1_000 },
      { max: 8, ms: 2_000 },
      { max: 60, ms: 30_000 },
      { max: 1_800, ms: 3_600_000 },
    ],
  },
  slack: {
    // Slack has no documented workspace-wide cap for chat.postMessage beyond "special" limits;
    // this keeps a fan-out polite to the workspace and is configurable.
    perWorkspace: [{ max: 50, ms: 1_000 }],
    perChannel: [{ max: 1, ms: 1_000 }],
    conversationsOpen: [{ max: 50, ms: 60_000 }],
  },
};

/** The sustained rate the limits allow for one tenant/workspace (for reporting). */
export function allowedPerSecond(windows: Window[]): number {
  return Math.min(...windows.map((w) => (w.max * 1000) / w.ms));
}
