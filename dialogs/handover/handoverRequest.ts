import { fold } from '../prompts/text';

/**
 * "I want a person, my invoice is wrong": a request for a person followed by what it is about.
 * Matched on the folded text (no case, no diacritics); the reason is returned as typed.
 */
const REQUEST = [
  /^(?:hi|hello|hallo|hej|czesc)?[,!\s]*(?:i\s+(?:want|need|would\s+like)\s+(?:to\s+(?:talk|speak)\s+(?:to|with)\s+)?(?:a\s+|an\s+)?(?:real\s+)?(?:person|human|agent)\b|(?:want|need)\s+to\s+(?:talk|speak)\s+(?:to|with)\s+someone|(?:agent|human|person)\s+please)/u,
  /^(?:hallo)?[,!\s]*(?:ich\s+(?:will|mochte|moechte|brauche|hatte\s+gern|haette\s+gern)\s+(?:bitte\s+|gerne\s+)?(?:(?:mit\s+)?(?:einem|einen|einer)\s+)?(?:mitarbeiter(?:in)?|menschen)(?:\s+(?:sprechen|reden))?)/u,
  /^(?:dzien\s+dobry|czesc)?[,!\s]*(?:(?:chce|chcialbym|chcialabym|poprosze)\s+(?:(?:z|ze)\s+)?(?:rozmawiac\s+z\s+|porozmawiac\s+z\s+)?(?:konsultant\w*|czlowiek\w*|pracownik\w*|osob(?:a|e|y|ą|ę)\b))/u,
];
const SEPARATOR = /^[\s,.:;!?–-]*(?:(?:because|about|weil|wegen|bo|w\s+sprawie)\s+)?/u;
const MIN_REASON = 8;

/** Whether the message asks for a person ("i want to talk to a person", "chce porozmawiac z konsultantem"). */
export function wantsPerson(text: string): boolean {
  const folded = fold(text.trim());
  return REQUEST.some((pattern) => pattern.test(folded));
}

/** The reason given with a request for a person, or undefined when there is none (or no request). */
export function handoverReason(text: string): string | undefined {
  const folded = fold(text.trim());
  for (const pattern of REQUEST) {
    const match = pattern.exec(folded);
    if (!match) continue;
    // fold() keeps offsets, so the folded match's length cuts the original text.
    const rest = text.trim().slice(match[0].length);
    const reason = rest.slice(SEPARATOR.exec(fold(rest))?.[0].length ?? 0).trim();
    return reason.length >= MIN_REASON ? reason : undefined;
  }
  return undefined;
}
