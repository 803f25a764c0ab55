import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { replay, type ConversationResult } from './replay';
import { figuresByLocale, formatFigures } from './report';
import { parseScript, type Conversation } from './script';

/**
 * `npm run conversations -- [--verbose] [FILE|DIR ...]` replays scripted conversations
 * (default: test/conversations/) through the real bot and prints, per locale, the conversations
 * that went as scripted, the share of answers to the bot's questions taken on the first try and
 * the re-asks per conversation. Exits 1 when a conversation did not go as scripted.
 */
function scriptFiles(paths: string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path).filter((name) => name.endsWith('.txt')).sort().map((name) => join(path, name))
      : [path],
  );
}

export function loadConversations(paths: string[]): Conversation[] {
  return scriptFiles(paths).flatMap((file) => parseScript(readFileSync(file, 'utf8'), file));
}

async function main(argv: string[]): Promise<number> {
  const verbose = argv.includes('--verbose');
  const paths = argv.filter((a) => !a.startsWith('--'));
  const conversations = loadConversations(paths.length > 0 ? paths : ['test/conversations']);
  const results: ConversationResult[] = [];
  for (const conversation of conversations) results.push(await replay(conversation));
  const failed = results.filter((r) => r.failure);
  if (verbose) for (const r of failed) process.stdout.write(`✗ ${r.conversation.title}\n    ${r.failure ?? ''}\n`);
  process.stdout.write(`${formatFigures(figuresByLocale(results))}\n`);
  return failed.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`conversations: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
