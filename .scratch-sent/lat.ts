import OpenAI from 'openai';
import { startLlmServer } from '../test/support/llmServer.js';
const s = await startLlmServer({ models: ['m'], latencyMs: 0 });
const c = new OpenAI({ baseURL: s.url, apiKey: 'x', maxRetries: 0, timeout: 5000 });
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  for (let i = 0; i < 50; i++) await c.chat.completions.create({ model: 'm', temperature: 0, max_tokens: 3, messages: [{ role: 'user', content: 'good day' }] });
  console.log('openai per req ms', (performance.now() - t0) / 50);
}
const t1 = performance.now();
for (let i = 0; i < 50; i++) { const r = await fetch(s.url + '/chat/completions', { method: 'POST', headers: {'content-type':'application/json'}, body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'good day' }] }) }); await r.json(); }
console.log('fetch per req ms', (performance.now() - t1) / 50);
await s.close();
