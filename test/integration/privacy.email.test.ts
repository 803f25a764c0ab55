import assert from 'node:assert/strict';
import { MemoryStore } from '../../bots/state/memoryStore';
import { templates } from '../../dialogs/locales';
import { composeMail, SHOP_ADDRESS } from '../support/mailCustomer';
import { ANNA, mailCorrespondent, startMultiChannelServer } from '../support/multiChannelRun';
import en from '../../dialogs/prompts/hints.en.json';

type Server = Awaited<ReturnType<typeof startMultiChannelServer>>;

async function eraseJobsFiled(server: Server): Promise<number> {
  let filed = 0;
  for await (const key of server.running.storage.keys('scheduler/job/privacy-erase/')) filed += key.length > 0 ? 1 : 0;
  return filed;
}

/**
 * Anyone can write an e-mail with Anna's address as its From. Such a mail may ask, and the bot
 * answers Anna's real mailbox; only her reply to that answer carries the erase out.
 */
describe('Erasing by e-mail takes a reply to the bot\'s own mail', function () {
  this.timeout(60_000);
  let server: Server;
  beforeEach(async () => {
    server = await startMultiChannelServer(new MemoryStore());
  });
  afterEach(() => server.stop());

  it('a forged new mail saying "yes" erases nothing and the question goes to Anna again; her reply erases', async () => {
    const anna = mailCorrespondent(server, `Anna Nowak <${ANNA.email}>`, 'my data');
    assert.match(await anna('hi, please delete my data'), new RegExp(templates.en.privacy.askConfirmHere.slice(0, 40)));

    // Same sender and subject, so it joins Anna's thread, but it quotes no mail of ours.
    const count = server.relay.received.length;
    await server.imap.deliver(SHOP_ADDRESS, await composeMail({ from: `Anna Nowak <${ANNA.email}>`, to: SHOP_ADDRESS, subject: 'Re: my data', text: 'yes delete it' }));
    await server.relay.waitFor(count + 1);
    const answer = server.relay.received.at(-1);
    assert.ok(answer?.envelope.rcptTo.includes(ANNA.email), 'the answer goes to the real address, not to the forger');
    const text = answer?.mail.text ?? '';
    assert.match(text, new RegExp(en.confirmFromReply.slice(0, 30)));
    assert.match(text, new RegExp(templates.en.privacy.askConfirmHere.slice(0, 40)), 'the question itself is asked again');
    assert.equal(await eraseJobsFiled(server), 0, 'no erase was filed on the forged yes');

    // Anna's own reply (her mail client quotes the Message-ID of that last answer).
    assert.match(await anna('yes please'), new RegExp(templates.en.privacy.scheduled.slice(0, 30)));
    assert.equal(await eraseJobsFiled(server), 1);
  });
});
