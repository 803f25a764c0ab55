// @ts-check
import { defineConfig, globalIgnores } from 'eslint/config';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const CHANNELS = ['azure', 'email', 'inbox', 'messenger', 'telegram', 'webchat'];

/** Bot Framework's packages: only bots/botFramework.ts imports them (see its comment). */
const BOT_FRAMEWORK = {
  paths: ['botbuilder', 'botbuilder-core', 'botbuilder-dialogs', 'botframework-connector', 'botframework-schema'].map((name) => ({
    name,
    message: 'Import Bot Framework names from bots/botFramework.ts, the one place that lists them (a move to the Agents SDK starts there).',
  })),
};

/**
 * The layout's import directions (design.md): bots/ is the ground floor and reads nothing above it,
 * dialogs never read a channel, and channels never import each other (only channels/shared, the kit);
 * and nothing but bots/botFramework.ts imports Bot Framework itself.
 */
function layerRules() {
  const above = (folder) => [`**/${folder}`, `**/${folder}/**`];
  const refuse = (group, message) => ['error', { ...BOT_FRAMEWORK, patterns: [{ group, message }] }];
  return [
    {
      files: ['bots/**/*.ts', 'dialogs/**/*.ts', 'channels/**/*.ts', 'index.ts', 'scripts/switchboard.ts'],
      ignores: ['bots/botFramework.ts'],
      rules: { 'no-restricted-imports': ['error', BOT_FRAMEWORK] },
    },
    {
      files: ['bots/**/*.ts'],
      ignores: ['bots/botFramework.ts'],
      rules: { 'no-restricted-imports': refuse([...above('dialogs'), ...above('channels'), '**/index', '../index'], 'bots/ is the ground floor: it imports nothing from dialogs/, channels/ or the composition root.') },
    },
    {
      files: ['dialogs/**/*.ts'],
      rules: { 'no-restricted-imports': refuse(above('channels'), 'Dialogs never read the channel: channel differences live in channels/<name>/.') },
    },
    ...CHANNELS.map((channel) => ({
      files: [`channels/${channel}/**/*.ts`],
      rules: {
        'no-restricted-imports': refuse(
          CHANNELS.filter((other) => other !== channel).flatMap((other) => [`../${other}`, `../${other}/**`, `**/channels/${other}`, `**/channels/${other}/**`]),
          'Channels never import each other; what they share lives in channels/shared.',
        ),
      },
    })),
  ];
}

export default defineConfig(
  globalIgnores(['dist/**', 'node_modules/**', '.data/**', 'test-output/**']),
  eslint.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Type-aware rules for the bugs that bite a server: a promise nobody awaits (its rejection
    // crashes the process or is lost), a promise where a callback's result is ignored (restify
    // handlers, event listeners), and awaiting what is not a promise.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**', 'dialogs/nlu/cli.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // The pages' scripts run in the browser as classic scripts (type-checked by tsconfig.browser.json).
    files: ['channels/*/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: globals.browser },
  },
  ...layerRules(),
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { globals: { require: 'readonly', module: 'writable', process: 'readonly', __dirname: 'readonly', console: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
);
