import type { AdaptiveCard } from '../../cards/types.ts';
import type { Db } from '../../core/db.ts';
import type { FormStore } from './forms.ts';

/** Forms kept in the database, so a modal can still open after a restart. */
export function dbFormStore(db: Db): FormStore {
  return {
    async save(cardInstanceId, card) {
      await db.formSnapshot.upsert({ where: { cardInstanceId }, create: { cardInstanceId, card: card as object }, update: {} });
    },
    async load(cardInstanceId) {
      const row = await db.formSnapshot.findUnique({ where: { cardInstanceId } });
      return (row?.card as AdaptiveCard | undefined) ?? undefined;
    },
  };
}
