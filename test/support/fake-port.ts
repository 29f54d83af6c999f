// A fake platform port for delivery tests: records every send with its (injected-clock) time and
// answers from a script: rate limits, outages, refusals, or a crash in the middle of a send.

import type { AdaptiveCard } from '../../cards/types.ts';
import type { Clock } from '../../core/clock.ts';
import { AppError, ErrorCode } from '../../core/errors.ts';
import type { PlatformName } from '../../kernel/events.ts';
import type { ChannelAddress, OutboundPort, PersonAddress, SentMessage } from '../../kernel/ports.ts';

export type Scripted = 'ok' | { rateLimited: number } | 'unavailable' | { refused: string } | 'hang';

export interface RecordedSend {
  to: string;
  at: number;
  card: AdaptiveCard;
}

export class FakePort implements OutboundPort {
  readonly sends: RecordedSend[] = [];
  readonly attempts: { to: string; at: number; result: string }[] = [];
  readonly updates: { messageId: string; card: AdaptiveCard }[] = [];
  private readonly scripts = new Map<string, Scripted[]>();
  private seq = 0;

  constructor(
    readonly platform: PlatformName,
    private readonly clock: Clock,
  ) {}

  /** The next answers for a recipient (user id or channel id), in order; then 'ok'. */
  script(to: string, ...answers: Scripted[]): void {
    this.scripts.set(to, [...(this.scripts.get(to) ?? []), ...answers]);
  }

  private async answer(to: string, card: AdaptiveCard): Promise<SentMessage> {
    const next = this.scripts.get(to)?.shift() ?? 'ok';
    const at = this.clock.now().getTime();
    this.attempts.push({ to, at, result: typeof next === 'string' ? next : Object.keys(next)[0]! });
    if (next === 'hang') return new Promise(() => undefined);
    if (next === 'unavailable') throw new AppError(ErrorCode.PlatformUnavailable, 'fake 503', { details: { reason: 'http_503' } });
    if (typeof next === 'object' && 'rateLimited' in next) throw new AppError(ErrorCode.RateLimited, 'fake 429', { retryAfter: next.rateLimited });
    if (typeof next === 'object' && 'refused' in next) throw new AppError(ErrorCode.PlatformRefused, 'fake refusal', { details: { reason: next.refused } });
    this.sends.push({ to, at, card });
    this.seq += 1;
    return { platform: this.platform, conversationId: `conv-${to}`, messageId: `m${this.seq}`, address: { to } };
  }

  sendToPerson(to: PersonAddress, card: AdaptiveCard) {
    return this.answer(to.userId, card).then((s) => ({
      ...s,
      learned: this.platform === 'slack' && !to.dmChannelId ? { dmChannelId: `D-${to.userId}` } : undefined,
    }));
  }
  sendToChannel(to: ChannelAddress, card: AdaptiveCard) {
    return this.answer(to.channelId, card);
  }
  async updateCard(sent: SentMessage, card: AdaptiveCard) {
    this.updates.push({ messageId: sent.messageId, card });
  }
}
