import { createServer } from 'node:http';
const srv = createServer(async (req, res) => { const ch=[]; for await (const c of req) ch.push(c); res.writeHead(200, {'content-type':'application/json'}); res.end('{"ok":1}'); });
await new Promise(r => srv.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${srv.address().port}/`;
for (let k=0;k<3;k++){
const t1 = performance.now();
for (let i = 0; i < 100; i++) { const r = await fetch(url, { method: 'POST', headers: {'content-type':'application/json'}, body: '{"a":1}' }); await r.json(); }
console.log('fetch per req ms', (performance.now() - t1) / 100);
}
srv.closeAllConnections(); srv.close();
