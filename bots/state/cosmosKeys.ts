/**
 * Cosmos DB ids may not contain / \ ? # and are limited to 255 characters. Those characters (and
 * the escape character itself) become `*` + two hex digits, as botbuilder-azure's
 * CosmosDbKeyEscape does, so every key maps to exactly one id and back.
 */
const FORBIDDEN = /[\\/?#*]/g;

export function escapeKey(key: string): string {
  return key.replace(FORBIDDEN, (char) => `*${char.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function unescapeKey(id: string): string {
  return id.replace(/\*([0-9a-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
