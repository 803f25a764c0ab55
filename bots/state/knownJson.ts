/**
 * The JSON text of an item's data (without its eTag) when a store has just parsed it, or a turn
 * has just made it for a write, so the same item is not serialised twice: the memory store keeps
 * items as JSON, and a turn compares its state with what it read as JSON. Kept beside the object,
 * not on it, so callers that copy an item see nothing. Reads and writes are noted apart: an item
 * read, changed and written back must be serialised again, so only `noteWritten` items skip it.
 */
const read = new WeakMap<object, string>();
const written = new WeakMap<object, string>();

/** A store read `item` from `json` (before adding its eTag). */
export function noteRead(item: object, json: string): void {
  read.set(item, json);
}

export function jsonAsRead(item: object): string | undefined {
  return read.get(item);
}

/** `item` was made for one write from data that serialised to `json`; nobody changes it after. */
export function noteWritten(item: object, json: string): void {
  written.set(item, json);
}

export function jsonToWrite(item: object): string | undefined {
  return written.get(item);
}
