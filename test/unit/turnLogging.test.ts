import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { TestAdapter, type Activity } from 'botbuilder';
import pino from 'pino';
import { createBot } from '../../index';
import { MemoryStore } from '../../bots/state/memoryStore';
import { testConfig } from '../support/bot';

/** The real bot and pipeline logging JSON lines into memory at `level`. */
function loggedBot(level: 'info' | 'debug') {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const logger = pino({ level }, sink);
  const { bot, pipeline } = createBot(testConfig(), new MemoryStore(), logger);
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'webchat' } as Partial<Activity>);
  pipeline.install(adapter);
  return { adapter, lines };
}

const SECRET_TEXT = 'my e-mail is eve.private@example.com and my order is 4711';

describe('turn logs', () => {
  it('writes one info line per turn with its own correlation id, and no message text', async () => {
    const { adapter, lines } = loggedBot('info');
    await adapter.send(SECRET_TEXT).startTest();
    await adapter.send('help').startTest();
    const turns = lines.filter((line) => line.msg === 'turn');
    assert.equal(turns.length, 2);
    for (const turn of turns) {
      assert.match(String(turn.turnId), /^[0-9a-f-]{36}$/);
      assert.equal(turn.channel, 'webchat');
      assert.equal(turn.outcome, 'ok');
    }
    assert.notEqual(turns[0]?.turnId, turns[1]?.turnId);
    assert.doesNotMatch(JSON.stringify(lines), /eve\.private|4711/);
  });

  it('shows the text only at debug level, under the same turnId', async () => {
    const { adapter, lines } = loggedBot('debug');
    await adapter.send(SECRET_TEXT).startTest();
    const textLine = lines.find((line) => line.text === SECRET_TEXT);
    assert.ok(textLine, 'debug line with the text');
    assert.equal(textLine.level, 20);
    const turn = lines.find((line) => line.msg === 'turn');
    assert.equal(textLine.turnId, turn?.turnId);
  });
});
