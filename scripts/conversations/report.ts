import type { ConversationResult } from './replay';

/** The figures per locale the conversation corpus is judged by. */
export interface LocaleFigures {
  locale: string;
  conversations: number;
  completed: number;
  promptAnswers: number;
  acceptedFirstTry: number;
  reasks: number;
}

export function figuresByLocale(results: ConversationResult[]): LocaleFigures[] {
  const byLocale = new Map<string, LocaleFigures>();
  for (const r of results) {
    const locale = r.conversation.locale;
    const f = byLocale.get(locale) ?? { locale, conversations: 0, completed: 0, promptAnswers: 0, acceptedFirstTry: 0, reasks: 0 };
    f.conversations += 1;
    if (!r.failure) f.completed += 1;
    f.promptAnswers += r.promptAnswers;
    f.acceptedFirstTry += r.acceptedFirstTry;
    f.reasks += r.reasks;
    byLocale.set(locale, f);
  }
  return [...byLocale.values()].sort((a, b) => a.locale.localeCompare(b.locale));
}

const percent = (part: number, whole: number): string => (whole === 0 ? '–' : `${((100 * part) / whole).toFixed(1)}%`);

/** One line per locale and a total, as `npm run conversations` prints them. */
export function formatFigures(figures: LocaleFigures[]): string {
  const total = figures.reduce(
    (t, f) => ({ ...t, conversations: t.conversations + f.conversations, completed: t.completed + f.completed, promptAnswers: t.promptAnswers + f.promptAnswers, acceptedFirstTry: t.acceptedFirstTry + f.acceptedFirstTry, reasks: t.reasks + f.reasks }),
    { locale: 'all', conversations: 0, completed: 0, promptAnswers: 0, acceptedFirstTry: 0, reasks: 0 },
  );
  const rows = [...figures, total].map((f) =>
    [f.locale.padEnd(6), `${f.completed}/${f.conversations}`.padStart(9), percent(f.completed, f.conversations).padStart(8), percent(f.acceptedFirstTry, f.promptAnswers).padStart(14), (f.conversations ? f.reasks / f.conversations : 0).toFixed(2).padStart(10)].join(' '),
  );
  return ['locale  completed          first try  re-asks/c', ...rows].join('\n');
}
