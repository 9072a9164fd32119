// Shared by the OpenAI-protocol client tests: a fetch that records every response a client receives, so the
// NUnit wrapper can check each body and SSE payload against OpenAI's published schema.
//
// Env: CAPTURE_DIR — where one JSON file per response is written: {method, path, status, contentType,
// requestBody, body}. Without it nothing is recorded (handy when running a file by hand).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.CAPTURE_DIR;
if (dir) mkdirSync(dir, { recursive: true });
const pending = new Set();
let sequence = 0;

/** A fetch for the clients' `fetch` option: behaves like fetch, and writes what the client will read. */
export async function capturingFetch(input, init) {
  const response = await fetch(input, init);
  if (!dir) return response;
  const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
  const record = {
    method: init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET'),
    path: url.pathname,
    status: response.status,
    contentType: response.headers.get('content-type'),
    requestBody: typeof init?.body === 'string' ? init.body : '',
  };
  const file = join(dir, `${process.pid}-${String(++sequence).padStart(4, '0')}.json`);
  // The clone is read alongside the client's copy, so a stream is recorded as it arrives; a body that breaks off
  // is recorded up to the break, with the error.
  const done = readAll(response.clone())
    .then(({ body, readError }) => writeFileSync(file, JSON.stringify({ ...record, body, ...(readError ? { readError } : {}) })));
  pending.add(done);
  done.finally(() => pending.delete(done));
  return response;
}

async function readAll(response) {
  const decoder = new TextDecoder();
  let body = '';
  try {
    if (response.body) for await (const chunk of response.body) body += decoder.decode(chunk, { stream: true });
    return { body: body + decoder.decode() };
  } catch (error) {
    return { body, readError: String(error?.cause ?? error) };
  }
}

/** Waits until every recorded response has been written. */
export function capturesWritten() {
  return Promise.all([...pending]);
}

/** Env value or a default. */
export const env = (name, fallback) => process.env[name] || fallback;
