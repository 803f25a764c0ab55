import assert from 'node:assert/strict';
import type { Activity } from 'botbuilder';
import type { Locale } from '../../bots/config';
import { templates } from '../../dialogs/locales';

/**
 * Checks a reply is the help text in `locale`: its intro, one line per dialog folder that has one
 * (`lines`, as the folders' texts say them), and its closing line about cancel and a person.
 */
export function assertHelp(locale: Locale, lines: readonly string[] = defaultLines(locale)) {
  return (reply: Partial<Activity>): void => {
    const [intro, , outro] = templates[locale].help.split('\n');
    const text = reply.text ?? '';
    assert.ok(intro && text.startsWith(`${intro}\n`), text);
    assert.ok(outro && text.endsWith(`\n${outro}`), text);
    for (const line of lines) assert.ok(text.includes(`\n• ${line}`), `"${line}" in ${text}`);
  };
}

function defaultLines(locale: Locale): string[] {
  const texts = templates[locale];
  return [texts.booking.help, texts.returns.help];
}
