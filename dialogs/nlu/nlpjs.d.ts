// nlp.js ships no type declarations; these cover the parts dialogs/nlu uses.
declare module '@nlpjs/core' {
  export interface Container {
    use(plugin: unknown): void;
    get<T>(name: string, settings?: unknown): T;
    registerConfiguration(name: string, settings: Record<string, unknown>, overwrite?: boolean): void;
  }
  export function containerBootstrap(): Promise<Container>;
}
declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}
declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
declare module '@nlpjs/lang-de' {
  export const LangDe: unknown;
}
declare module '@nlpjs/lang-pl' {
  export const LangPl: unknown;
}
declare module '@nlpjs/similarity' {
  /** Levenshtein distance between two strings. */
  export function leven(a: string, b: string): number;
}
