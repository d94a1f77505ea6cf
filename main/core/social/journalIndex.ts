import { randomInt } from 'node:crypto';

/**
 * The compact parts of the social journal's index (journal.ts, journalLines.ts).
 * Main keeps 30 days of items, thousands a day, for weeks on end: held as JS
 * strings, Map entries and one array of positions per conversation, the index
 * cost about 260 B per item (tests/bench/socialDay.bench.ts, heap snapshots of
 * 6 Dec 2026: each URI's string 90 B and its Map entry 51 B, each
 * conversation's array 87 B, three arrays of numbers 31 B). Here an item is a
 * handful of doubles in typed arrays: its URI's hash and position, its seq,
 * the conversation's previous item, its line's offset and length.
 */

/** A string's hash, 53 bits: as many as a double holds exactly. */
export type HashText = (text: string) => number;

/**
 * cyrb53 (bryc, public domain): two 32-bit multiply-xorshift hashes in one
 * number. Seeded at random per journal, so post URIs (whose record keys their
 * authors choose) cannot be picked in advance to pile up on one slot of the
 * tables below; a collision costs a read of a line, never a wrong answer
 * (journal.ts).
 */
export function seededHash(seed = randomInt(0x1_0000_0000)): HashText {
  return (text) => {
    let h1 = 0xdeadbeef ^ seed;
    let h2 = 0x41c6ce57 ^ seed;
    for (let i = 0; i < text.length; i += 1) {
      const code = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
    h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
    h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return 4294967296 * (2097151 & h2) + (h1 >>> 0);
  };
}

/** Below this many slots a table never shrinks: a quiet desk does not reallocate for a handful of items. */
const MIN_SLOTS = 64;

/**
 * Hash → non-negative integer, in two typed arrays (open addressing, linear
 * probing): 16 B a slot, where a `Map<number, number>` keyed by hashes past
 * the small-integer range pays a boxed number for each key too. A hash may be
 * added more than once (two URIs that share it, or one URI the file holds
 * twice): `valuesOf` gives every value under it, and the caller tells them
 * apart. The table grows at three quarters full and shrinks when an eighth,
 * so a burst that has left the retention gives its memory back.
 */
export class HashSlots {
  #keys = new Float64Array(MIN_SLOTS);
  /** Each slot's value plus one: 0 is an empty slot, and the arrays start out empty. */
  #values = new Float64Array(MIN_SLOTS);
  #count = 0;

  get size(): number {
    return this.#count;
  }

  has(key: number): boolean {
    for (let slot = this.#home(key); this.#values[slot] !== 0; slot = this.#next(slot)) if (this.#keys[slot] === key) return true;
    return false;
  }

  /** The values under `key`, in no particular order. */
  valuesOf(key: number): number[] {
    const values: number[] = [];
    for (let slot = this.#home(key); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#keys[slot] === key) values.push((this.#values[slot] ?? 1) - 1);
    }
    return values;
  }

  /** One value under `key` (for a table where `set` keeps one per key). */
  get(key: number): number | undefined {
    for (let slot = this.#home(key); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#keys[slot] === key) return (this.#values[slot] ?? 1) - 1;
    }
    return undefined;
  }

  /** Adds `value` under `key` beside any already there. */
  add(key: number, value: number): void {
    if ((this.#count + 1) * 4 > this.#keys.length * 3) this.#resize(this.#keys.length * 2);
    let slot = this.#home(key);
    while (this.#values[slot] !== 0) slot = this.#next(slot);
    this.#keys[slot] = key;
    this.#values[slot] = value + 1;
    this.#count += 1;
  }

  /** Puts `value` under `key` in place of the one there, if any. */
  set(key: number, value: number): void {
    for (let slot = this.#home(key); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#keys[slot] !== key) continue;
      this.#values[slot] = value + 1;
      return;
    }
    this.add(key, value);
  }

  /** Removes `value` from under `key`; returns whether it was there. */
  delete(key: number, value: number): boolean {
    for (let slot = this.#home(key); this.#values[slot] !== 0; slot = this.#next(slot)) {
      if (this.#keys[slot] !== key || this.#values[slot] !== value + 1) continue;
      this.#empty(slot);
      this.#count -= 1;
      if (this.#keys.length > MIN_SLOTS && this.#count * 8 < this.#keys.length) this.#resize(this.#keys.length / 2);
      return true;
    }
    return false;
  }

  /**
   * Empties a slot without tombstones (backward-shift deletion): each entry
   * after it in the run moves into the hole unless that would put it before
   * its home slot, so every lookup still stops at the first empty slot.
   */
  #empty(hole: number): void {
    for (let slot = this.#next(hole); this.#values[slot] !== 0; slot = this.#next(slot)) {
      const home = this.#home(this.#keys[slot] ?? 0);
      const stays = hole <= slot ? hole < home && home <= slot : hole < home || home <= slot;
      if (stays) continue;
      this.#keys[hole] = this.#keys[slot] ?? 0;
      this.#values[hole] = this.#values[slot] ?? 0;
      hole = slot;
    }
    this.#values[hole] = 0;
  }

  #resize(slots: number): void {
    const [hashes, values] = [this.#keys, this.#values];
    this.#keys = new Float64Array(slots);
    this.#values = new Float64Array(slots);
    this.#count = 0;
    for (let slot = 0; slot < hashes.length; slot += 1) {
      const value = values[slot] ?? 0;
      if (value !== 0) this.add(hashes[slot] ?? 0, value - 1);
    }
  }

  /** The key's low bits (the table's length is a power of two; a 53-bit double's remainder is exact). */
  #home(key: number): number {
    return key % this.#keys.length;
  }

  #next(slot: number): number {
    return (slot + 1) & (this.#keys.length - 1);
  }
}

/**
 * A growable column of numbers, one per position, that lets go of its oldest
 * (the journal forgets oldest first): a `Float64Array` with a moving start. A
 * JS array took the same 8 B a value while its numbers stayed small integers,
 * but `splice(0, n)` moved the rest on every expiry. This compacts in place
 * before it grows, and shrinks once a quarter full.
 */
export class NumberColumn {
  #values = new Float64Array(MIN_SLOTS);
  /** Where the first kept value is in `#values`. */
  #start = 0;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  /** The value at `index` (0 = the oldest kept); NaN past the end. */
  at(index: number): number {
    return index >= 0 && index < this.#length ? (this.#values[this.#start + index] ?? Number.NaN) : Number.NaN;
  }

  set(index: number, value: number): void {
    if (index >= 0 && index < this.#length) this.#values[this.#start + index] = value;
  }

  push(value: number): void {
    if (this.#start + this.#length === this.#values.length) {
      this.#move(this.#length * 2 >= this.#values.length ? this.#values.length * 2 : this.#values.length);
    }
    this.#values[this.#start + this.#length] = value;
    this.#length += 1;
  }

  /** The values at [from, to) as a plain array. */
  slice(from: number, to: number): number[] {
    return Array.from(this.#values.subarray(this.#start + Math.max(0, from), this.#start + Math.min(to, this.#length)));
  }

  /** Lets go of the `count` oldest values. */
  dropFirst(count: number): void {
    const gone = Math.min(Math.max(0, count), this.#length);
    this.#start += gone;
    this.#length -= gone;
    if (this.#values.length > MIN_SLOTS && this.#length * 4 < this.#values.length) this.#move(this.#values.length / 2);
  }

  /** The kept values to the front of an array of `slots`. */
  #move(slots: number): void {
    const kept = this.#values.subarray(this.#start, this.#start + this.#length);
    if (slots === this.#values.length) this.#values.copyWithin(0, this.#start, this.#start + this.#length);
    else (this.#values = new Float64Array(slots)).set(kept);
    this.#start = 0;
  }
}
