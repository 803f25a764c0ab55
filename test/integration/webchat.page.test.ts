import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
import type { PageConfig } from '../../channels/webchat/pageTexts';
import { startWebChatServer, type WebChatServer } from '../fakes/webchatServer';

/** A raw GET (fetch would decompress and hide Content-Encoding). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('web chat page and assets', () => {
  let running: WebChatServer;
  before(async () => {
    running = await startWebChatServer({ env: { SHOP_NAME: 'Bits & <Bobs>' } });
  });
  after(() => running.stop());

  it('serves the page with the shop name escaped, a strict CSP and a versioned Web Chat bundle', async () => {
    const res = await get(`${running.baseUrl}/`);
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    const html = res.body.toString('utf8');
    assert.match(html, /<title>Bits &amp; &lt;Bobs&gt; · Customer service chat<\/title>/);
    assert.doesNotMatch(html, /<Bobs>|\{\{/);
    assert.match(html, /<script src="\/webchat\/webchat\.js\?v=4\.\d+\.\d+"><\/script>/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:\\d+ wss://127\\.0\\.0\\.1:\\d+`));
    assert.doesNotMatch(csp, /https?:\/\/(?!127)/, 'no outside origin');
    assert.equal(res.headers['cache-control'], 'no-cache');
  });

  it('serves Web Chat from node_modules, gzipped, cacheable for a year, with 304 on revalidation', async () => {
    const plain = await get(`${running.baseUrl}/webchat/webchat.js`);
    assert.equal(plain.status, 200);
    assert.ok(plain.body.length > 1_000_000, 'the full bundle');
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    const zipped = await get(`${running.baseUrl}/webchat/webchat.js`, { 'accept-encoding': 'gzip, br' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.ok(zipped.body.length < plain.body.length / 2);
    assert.ok(gunzipSync(zipped.body).equals(plain.body));
    const etag = String(plain.headers.etag);
    const again = await get(`${running.baseUrl}/webchat/webchat.js`, { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
  });

  it('serves the page in the language the browser ranks highest, German or Polish or else English', async () => {
    const cases: [string | undefined, string, RegExp][] = [
      ['de-DE,de;q=0.9,en;q=0.8', 'de', /<title>Bits &amp; &lt;Bobs&gt; · Kundenservice-Chat<\/title>/],
      ['fr-FR, pl;q=0.7, de;q=0.5', 'pl', /<p data-text="banner">Obsługa klienta: pytania, wizyty i zwroty\./],
      ['en;q=0.2, de;q=0', 'en', /<a class="skip" href="#webchat" data-text="skip">Skip to the chat<\/a>/],
      [undefined, 'en', /aria-label="Chat with Bits &amp; &lt;Bobs&gt; customer service"/],
    ];
    for (const [acceptLanguage, locale, text] of cases) {
      const res = await get(`${running.baseUrl}/`, acceptLanguage ? { 'accept-language': acceptLanguage } : {});
      const html = res.body.toString('utf8');
      assert.match(html, new RegExp(`<html lang="${locale}">`), String(acceptLanguage));
      assert.match(html, text, String(acceptLanguage));
      assert.equal(res.headers['content-language'], locale);
      assert.match(String(res.headers.vary), /Accept-Language/, 'caches keep the languages apart');
    }
    const [de, en] = await Promise.all([get(`${running.baseUrl}/`, { 'accept-language': 'de' }), get(`${running.baseUrl}/`)]);
    assert.notEqual(de.headers.etag, en.headers.etag, 'one ETag per language');
  });

  it('gives the page script every supported language\'s texts in a JSON block nothing can close early', async () => {
    const hostile = await startWebChatServer({ env: { SHOP_NAME: 'Shop</script><script>alert(1)</script>', SUPPORTED_LOCALES: 'en,de' } });
    try {
      const html = (await get(`${hostile.baseUrl}/`, { 'accept-language': 'pl' })).body.toString('utf8');
      assert.match(html, /<html lang="en">/, 'Polish is not supported here: the default');
      assert.equal(html.match(/<script/g)?.length, 3, 'the data block and the two page scripts, nothing injected');
      const block = /<script id="page-config" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1];
      const config = JSON.parse(block ?? '') as PageConfig;
      assert.deepEqual(Object.keys(config.texts), ['en', 'de']);
      assert.equal(config.locale, 'en');
      assert.equal(config.texts.de?.title, 'Shop</script><script>alert(1)</script> · Kundenservice-Chat');
      assert.doesNotMatch(html, /\{\{/, 'no placeholder left');
    } finally {
      await hostile.stop();
    }
  });

  it('serves the page script and style, and answers the favicon without a 404', async () => {
    assert.equal((await get(`${running.baseUrl}/webchat/app.js`)).status, 200);
    assert.match(String((await get(`${running.baseUrl}/webchat/style.css`)).headers['content-type']), /^text\/css/);
    assert.equal((await get(`${running.baseUrl}/favicon.ico`)).status, 204);
  });
});
