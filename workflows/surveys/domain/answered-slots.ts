// Who has answered a run: one bit per participation slot, stored on the run. Slots are drawn at
// random at launch, so neither a slot nor a bit says anything about order or time.
import { randomInt } from 'node:crypto';

export const emptySlots = (count: number): Uint8Array<ArrayBuffer> => new Uint8Array(Math.ceil(count / 8));

export function hasAnswered(slots: Uint8Array, slot: number): boolean {
  const byte = slots[slot >> 3];
  return byte !== undefined && (byte & (1 << (slot & 7))) !== 0;
}

/** 0..count-1 in a uniformly random order (Fisher-Yates with crypto randomness). */
export function shuffledSlots(count: number): number[] {
  const slots = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const [a, b] = [slots[i], slots[j]];
    if (a === undefined || b === undefined) continue;
    slots[i] = b;
    slots[j] = a;
  }
  return slots;
}
