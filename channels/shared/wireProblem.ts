import type { z } from 'zod';

/** The first issue of a failed parse, naming the field (`message.chat.id: …`), for a log line or a 400. */
export function wireProblem(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  if (!issue) return `${root}: invalid`;
  const path = [root, ...issue.path.map(String)].join('.');
  return `${path}: ${issue.message}`;
}
