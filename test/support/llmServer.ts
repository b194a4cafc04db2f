import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { vaderCompound } from '../../src/engine/sentiment/vader.js';

/**
 * An OpenAI-compatible server on 127.0.0.1 for tests and the bench: `POST /v1/chat/completions`
 * and `GET /v1/models`. Labels are deterministic — the sign of VADER on the user message — so a
 * test can compute the expected answer. Per-model fault modes mimic what LM Studio and a flaky
 * server do: garbage text, a hang (no answer until the client gives up), 500, 404 model not
 * found, 400 "No models loaded". Counts requests per model.
 */

export type LlmMode = 'ok' | 'garbage' | 'hang' | 'error500' | 'notFound' | 'noModelsLoaded';

export interface LlmServer {
  /** OpenAI base URL, with `/v1` (what `--llm-url` takes). */
  readonly url: string;
  /** Chat-completion requests received, total and per model. */
  requests: number;
  readonly byModel: Map<string, number>;
  /** Models /v1/models lists; a model outside it answers 404 like an unloaded model. */
  models: string[];
  latencyMs: number;
  /** The last chat-completion request body, as parsed JSON. */
  lastRequest: ChatRequest | null;
  /** Set a model's mode ('*' = every model), optionally for the next `times` requests only. */
  setMode(model: string, mode: LlmMode, times?: number): void;
  /** Back to normal: listed models answer, others 404. */
  resetModes(): void;
  close(): Promise<void>;
}

export interface LlmServerOptions {
  readonly models: readonly string[];
  readonly latencyMs?: number;
}

/** The label the server gives a text (the tests' expectation). */
export function expectedLabel(text: string): 'POS' | 'NEU' | 'NEG' {
  const c = vaderCompound(text);
  return c >= 0.05 ? 'POS' : c <= -0.05 ? 'NEG' : 'NEU';
}

export interface ChatRequest {
  readonly model?: string;
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly messages?: readonly { readonly role: string; readonly content: string }[];
}

interface ModeEntry {
  mode: LlmMode;
  times: number;
}

export async function startLlmServer(opts: LlmServerOptions): Promise<LlmServer> {
  const modes = new Map<string, ModeEntry[]>();

  const modeFor = (model: string): LlmMode => {
    for (const key of [model, '*']) {
      const q = modes.get(key);
      const e = q?.[0];
      if (!q || !e) continue;
      if (--e.times <= 0) q.shift();
      return e.mode;
    }
    return server.models.includes(model) ? 'ok' : 'notFound';
  };

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      return json(res, 200, {
        object: 'list',
        data: server.models.map((id) => ({ id, object: 'model', owned_by: 'organization_owner' })),
      });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions')
      return json(res, 404, { error: 'unknown route' });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
    server.lastRequest = body;
    const model = body.model ?? '';
    server.requests++;
    server.byModel.set(model, (server.byModel.get(model) ?? 0) + 1);
    const mode = modeFor(model);
    if (mode === 'hang') return; // the client's timeout must fire; close() drops the socket
    if (server.latencyMs > 0) await new Promise((r) => setTimeout(r, server.latencyMs));
    switch (mode) {
      case 'error500':
        return json(res, 500, { error: { message: 'internal error', type: 'server_error' } });
      case 'notFound':
        return json(res, 404, {
          error: {
            message: `model "${model}" not found`,
            type: 'invalid_request_error',
            param: 'model',
            code: 'model_not_found',
          },
        });
      case 'noModelsLoaded':
        return json(res, 400, {
          error: {
            message:
              'No models loaded. Please load a model in the developer page or use the `lms load` command.',
            type: 'invalid_request_error',
            param: 'model',
          },
        });
      case 'garbage':
      case 'ok': {
        const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
        const content = mode === 'garbage' ? 'I think it is' : expectedLabel(user);
        return json(res, 200, {
          id: `chatcmpl-${server.requests}`,
          object: 'chat.completion',
          created: 0,
          model,
          choices: [
            { index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' },
          ],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        });
      }
    }
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => json(res, 500, { error: { message: String(err) } }));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;

  const server: LlmServer = {
    url: `http://127.0.0.1:${port}/v1`,
    requests: 0,
    byModel: new Map(),
    models: [...opts.models],
    latencyMs: opts.latencyMs ?? 0,
    lastRequest: null,
    setMode(model, mode, times = Infinity) {
      if (times === Infinity) modes.set(model, [{ mode, times }]);
      else modes.set(model, [...(modes.get(model) ?? []), { mode, times }]);
    },
    resetModes() {
      modes.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  return server;
}
