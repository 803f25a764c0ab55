import assert from 'node:assert/strict';
import { templates } from '../../dialogs/locales';

type Tree = { [key: string]: string | Tree };

function leafKeys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === 'string' ? [`${prefix}${key}`] : leafKeys(value, `${prefix}${key}.`)));
}

function placeholders(tree: Tree, key: string): string[] {
  const value = key.split('.').reduce<string | Tree | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), tree);
  return typeof value === 'string' ? [...value.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort() : [];
}

describe('reply templates', () => {
  // Read when the tests run: dialog folders register their texts when they are imported.
  let reference: string[] = [];
  before(() => {
    reference = leafKeys(templates.en as unknown as Tree).sort();
  });
  for (const locale of ['de', 'pl'] as const) {
    it(`${locale} has exactly the keys of en`, () => {
      assert.deepEqual(leafKeys(templates[locale] as unknown as Tree).sort(), reference);
    });
    it(`${locale} uses the same placeholders as en in every template`, () => {
      for (const key of reference) {
        assert.deepEqual(placeholders(templates[locale] as unknown as Tree, key), placeholders(templates.en as unknown as Tree, key), key);
      }
    });
  }
});
