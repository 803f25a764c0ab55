import type { Locale } from '../../bots/config';

/** Words that say the customer is fed up with the bot, per locale (lower case, matched as words). */
const FED_UP: Record<Locale, string[]> = {
  en: ['useless', 'stupid bot', 'this is ridiculous', 'waste of time', 'not helpful', 'you are not helping', 'wtf', 'terrible', 'annoying'],
  de: ['nutzlos', 'sinnlos', 'blöder bot', 'dummer bot', 'zeitverschwendung', 'hilft nicht', 'unverschämt', 'nervig'],
  pl: ['bezużyteczny', 'bezuzyteczny', 'głupi bot', 'glupi bot', 'strata czasu', 'nie pomagasz', 'beznadziejny', 'wkurza'],
};

/**
 * A cheap signal that the customer is frustrated: fed-up phrases in any supported language, a
 * shouted message (mostly capitals), or a pile of exclamation marks. Recall matters more than
 * precision here: a wrongly offered person costs little, a customer stuck with the bot costs a lot.
 */
export function soundsFrustrated(text: string): boolean {
  const said = text.toLowerCase();
  if (Object.values(FED_UP).some((phrases) => phrases.some((phrase) => new RegExp(`(^|[^\\p{L}])${phrase}($|[^\\p{L}])`, 'u').test(said)))) return true;
  const letters = text.match(/\p{L}/gu) ?? [];
  const capitals = text.match(/\p{Lu}/gu) ?? [];
  // Four words or more, so a name typed in capitals ("ANNA KOWALSKA-NOWAK") is not shouting.
  const words = text.trim().split(/\s+/).length;
  if (words >= 4 && letters.length >= 16 && capitals.length / letters.length > 0.8) return true;
  return /[!?]{3,}/.test(text) && /!/.test(text);
}
