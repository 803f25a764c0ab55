import assert from 'node:assert/strict';
import { chooseLocale, normaliseLocale } from '../../bots/pipeline/locale';

const supported = ['en', 'de', 'pl'] as const;

describe('locale choice', () => {
  const table: [string | undefined, Parameters<typeof chooseLocale>[1], string][] = [
    ['de-DE', undefined, 'de'],
    ['pl_PL', undefined, 'pl'],
    ['EN', undefined, 'en'],
    ['fr-FR', undefined, 'en'],
    [undefined, undefined, 'en'],
    [undefined, { locale: 'pl', explicit: false }, 'pl'],
    ['de-DE', { locale: 'pl', explicit: false }, 'de'],
    ['en-US', { locale: 'de', explicit: true }, 'de'],
    ['fr', { locale: 'de', explicit: false }, 'de'],
  ];
  for (const [activityLocale, saved, expected] of table) {
    it(`activity ${String(activityLocale)} with saved ${JSON.stringify(saved)} → ${expected}`, () => {
      assert.equal(chooseLocale(activityLocale, saved, supported, 'en'), expected);
    });
  }

  it('never picks a locale outside the supported list', () => {
    assert.equal(normaliseLocale('pl', ['en', 'de']), undefined);
    assert.equal(chooseLocale('pl-PL', undefined, ['en', 'de'], 'de'), 'de');
  });
});
