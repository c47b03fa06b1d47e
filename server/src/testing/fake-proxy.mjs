// A stand-in for `routeyard proxy --feed URL --admin ADDR` in supervisor tests: it reads the feed with the
// token from the environment and reports every config it receives as applied (or failed, when told to).
const feed = process.argv[process.argv.indexOf('--feed') + 1];
const token = process.env.ROUTEYARD_FEED_TOKEN;
const fail = process.env.FAKE_PROXY_FAIL === '1';
const headers = { authorization: `Bearer ${token}` };
const res = await fetch(feed, { headers });
if (res.status !== 200) {
  console.error(`feed answered ${res.status}`);
  process.exit(3);
}
console.log('fake proxy connected');
console.log(`fake proxy args: ${process.argv.slice(2).join(' ')}`);
const decoder = new TextDecoder();
let buffer = '';
for await (const chunk of res.body) {
  buffer += decoder.decode(chunk, { stream: true });
  let end = buffer.indexOf('\n\n');
  while (end !== -1) {
    const block = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    end = buffer.indexOf('\n\n');
    const data = block.split('\n').find((l) => l.startsWith('data: '));
    if (!block.startsWith('event: config') || data === undefined) continue;
    const { version, config } = JSON.parse(data.slice(6));
    const report = fail
      ? { version, state: 'failed', error: 'fake failure' }
      : { version, state: 'applied', keys: Object.keys(config.tls) };
    await fetch(feed.replace('/feed', '/report'), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(report),
    });
  }
}
