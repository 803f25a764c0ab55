import assert from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import { request } from 'node:http';
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

  it('serves the page script and style, and answers the favicon without a 404', async () => {
    assert.equal((await get(`${running.baseUrl}/webchat/app.js`)).status, 200);
    assert.match(String((await get(`${running.baseUrl}/webchat/style.css`)).headers['content-type']), /^text\/css/);
    assert.equal((await get(`${running.baseUrl}/favicon.ico`)).status, 204);
  });
});
