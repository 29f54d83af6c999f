// What happens to a delivery after a send attempt. Transient failures retry with exponential
// backoff and full jitter up to a bound; a 429 waits its Retry-After without using up an
// attempt; a refusal (blocked, not found, inactive) fails at once with its reason.

import type { DatabaseKind, Db } from '../core/db.ts';
import { ErrorCode, toAppError } from '../core/errors.ts';
import type { SentMessage } from '../kernel/ports.ts';
import { jsonSql, statusSql } from './sql.ts';

export interface RetryPolicy {
  maxAttempts: number;
  baseMs: number;
  capMs: number;
  /** A 429 is not an attempt, but a row that is rate limited this often gives up. */
  maxRateLimited: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseMs: 1_000, capMs: 5 * 60_000, maxRateLimited: 50 };

export function backoffMs(attempt: number, p: RetryPolicy, random: () => number): number {
  return Math.floor(random() * Math.min(p.capMs, p.baseMs * 2 ** Math.max(0, attempt - 1)));
}

/** The one write per delivered message: plain SQL (see sql.ts). */
export async function markSent(db: Db, kind: DatabaseKind, id: string, sent: SentMessage, cardInstanceId: string | undefined, now: Date): Promise<void> {
  await db.$executeRaw`
    UPDATE "Delivery" SET "status" = ${statusSql(kind, 'sent')}, "sentAt" = ${now}, "leaseUntil" = NULL, "reason" = NULL,
           "conversationId" = ${sent.conversationId}, "messageId" = ${sent.messageId}, "address" = ${jsonSql(kind, sent.address ?? {})},
           "cardInstanceId" = ${cardInstanceId ?? null}, "updatedAt" = ${now}
     WHERE "id" = ${id}`;
}

export type Outcome = { kind: 'rate_limited'; retryAfterMs: number } | { kind: 'retry'; delayMs: number; reason: string } | { kind: 'failed'; reason: string };

export function classify(e: unknown, attempts: number, rateLimitedSoFar: number, p: RetryPolicy, random: () => number): Outcome {
  const err = toAppError(e);
  const reason = typeof err.details?.reason === 'string' ? err.details.reason : err.code;
  if (err.code === ErrorCode.RateLimited) {
    if (rateLimitedSoFar >= p.maxRateLimited) return { kind: 'failed', reason: 'rate_limited_exhausted' };
    return { kind: 'rate_limited', retryAfterMs: Math.max(0, (err.retryAfter ?? 1) * 1000) };
  }
  if (err.code === ErrorCode.PlatformRefused) return { kind: 'failed', reason };
  if (err.code === ErrorCode.PlatformUnavailable) {
    if (attempts >= p.maxAttempts) return { kind: 'failed', reason: `retries_exhausted:${reason}` };
    return { kind: 'retry', delayMs: backoffMs(attempts, p, random), reason };
  }
  return { kind: 'failed', reason: err.code };
}

export async function applyOutcome(db: Db, id: string, o: Outcome, now: Date): Promise<void> {
  if (o.kind === 'failed') {
    await db.delivery.update({ where: { id }, data: { status: 'failed', reason: o.reason, leaseUntil: null } });
    return;
  }
  const delay = o.kind === 'rate_limited' ? o.retryAfterMs : o.delayMs;
  await db.delivery.update({
    where: { id },
    data: {
      status: 'pending',
      leaseUntil: null,
      dueAt: new Date(now.getTime() + delay),
      reason: o.kind === 'rate_limited' ? 'rate_limited' : o.reason,
      ...(o.kind === 'rate_limited' ? { attempts: { decrement: 1 } } : {}),
    },
  });
}
