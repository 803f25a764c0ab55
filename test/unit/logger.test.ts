import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, usePrettyLogs } from '../../bots/logger';
import { testConfig } from '../support/bot';

/** What `npm ci --omit=dev` leaves: pino-pretty is not installed. */
const notInstalled = (id: string): string => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
};

describe('log format', () => {
  const table: [production: boolean, isTTY: boolean, prettyInstalled: boolean, pretty: boolean][] = [
    [false, true, true, true],
    [false, true, false, false],
    [false, false, true, false],
    [true, true, true, false],
    [true, true, false, false],
    [true, false, false, false],
  ];
  for (const [production, isTTY, prettyInstalled, pretty] of table) {
    it(`${production ? 'production' : 'development'}, ${isTTY ? 'a terminal' : 'no terminal'}, pino-pretty ${prettyInstalled ? 'installed' : 'missing'}: ${pretty ? 'pretty' : 'JSON lines'}`, () => {
      assert.equal(usePrettyLogs({ production, isTTY, prettyInstalled }), pretty);
    });
  }

  it('a production install (no pino-pretty) started in a terminal logs JSON lines instead of failing', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const asked: string[] = [];
    const resolve = (id: string) => {
      asked.push(id);
      return notInstalled(id);
    };
    const logger = createLogger(testConfig({ LOG_LEVEL: 'info', NODE_ENV: 'development' }), { isTTY: true, resolve, destination });
    logger.info('started');
    assert.deepEqual(asked, ['pino-pretty']);
    assert.equal(lines.length, 1);
    assert.equal((JSON.parse(lines[0] ?? '') as { msg?: string }).msg, 'started');
  });
});
