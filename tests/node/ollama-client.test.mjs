// The official `ollama` npm client against an Ollama-compatible server: the simulator, or the gateway in front
// of simulators. Assertions are about behaviour and shape only, so both must pass.
//
// Env: OLLAMA_HOST (base URL, required), OLLAMA_API_KEY (sent as a bearer token when set),
// OLLAMA_CHAT_MODEL (llama3.2:3b), OLLAMA_EMBED_MODEL (all-minilm:latest), OLLAMA_THINK_MODEL (qwen3:8b),
// OLLAMA_TEST_MANAGEMENT=1 to also exercise pull/copy/delete (admin-only behind the gateway).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Ollama } from 'ollama';

const host = process.env.OLLAMA_HOST;
if (!host) throw new Error('OLLAMA_HOST must be set to the server base URL, e.g. http://127.0.0.1:11434');
const headers = process.env.OLLAMA_API_KEY ? { Authorization: `Bearer ${process.env.OLLAMA_API_KEY}` } : undefined;
const ollama = new Ollama({ host, headers });

const chatModel = process.env.OLLAMA_CHAT_MODEL ?? 'llama3.2:3b';
const embedModel = process.env.OLLAMA_EMBED_MODEL ?? 'all-minilm:latest';
const thinkModel = process.env.OLLAMA_THINK_MODEL ?? 'qwen3:8b';

// Ollama shows names in their shortest form with a tag: "llama3.2" -> "llama3.2:latest".
const normalise = (name) => {
  let n = name.toLowerCase().replace(/^registry\.ollama\.ai\/library\//, '').replace(/^library\//, '');
  return n.lastIndexOf(':') > n.lastIndexOf('/') ? n : `${n}:latest`;
};

function assertFinalMetrics(final) {
  assert.equal(final.done, true);
  for (const key of ['total_duration', 'load_duration', 'prompt_eval_count', 'prompt_eval_duration', 'eval_count', 'eval_duration']) {
    assert.equal(typeof final[key], 'number', `${key} should be a number`);
    assert.ok(final[key] > 0, `${key} should be positive`);
  }
  assert.ok(final.total_duration >= final.eval_duration, 'durations are nanoseconds of the whole request');
}

test('version() reports a semantic version', async () => {
  const { version } = await ollama.version();
  assert.match(version, /^\d+\.\d+\.\d+/);
});

test('list() includes the chat and embedding models with digests and details', async () => {
  const { models } = await ollama.list();
  assert.ok(Array.isArray(models) && models.length > 0);
  const names = models.map((m) => normalise(m.name));
  assert.ok(names.includes(normalise(chatModel)), `${chatModel} missing from ${names}`);
  assert.ok(names.includes(normalise(embedModel)), `${embedModel} missing from ${names}`);
  for (const m of models) {
    assert.equal(typeof m.size, 'number');
    assert.match(m.digest, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(m.modified_at)), 'modified_at is a timestamp');
    assert.equal(typeof m.details.family, 'string');
  }
});

test('show() describes a model with capabilities and model_info', async () => {
  const info = await ollama.show({ model: chatModel });
  assert.ok(info.capabilities.includes('completion'));
  assert.equal(typeof info.details.parameter_size, 'string');
  assert.equal(typeof info.model_info, 'object');
  assert.equal(typeof info.template, 'string');
});

test('chat() answers as the assistant with the final metrics', async () => {
  const res = await ollama.chat({ model: chatModel, messages: [{ role: 'user', content: 'Say hello' }], options: { seed: 7 } });
  assert.equal(res.message.role, 'assistant');
  assert.ok(res.message.content.length > 0);
  assert.equal(res.done_reason, 'stop');
  assertFinalMetrics(res);
});

test('streamed chat() sends pieces without metrics, then one done line, with the same text as unstreamed', async () => {
  const request = { model: chatModel, messages: [{ role: 'user', content: 'Tell me about rivers' }], options: { seed: 3 } };
  const parts = [];
  for await (const part of await ollama.chat({ ...request, stream: true })) parts.push(part);
  assert.ok(parts.length >= 2, 'several lines');
  const final = parts.at(-1);
  assertFinalMetrics(final);
  for (const p of parts.slice(0, -1)) {
    assert.equal(p.done, false);
    assert.equal(p.eval_count, undefined, 'no metrics before the final line');
    assert.equal(p.message.role, 'assistant');
  }
  const streamed = parts.map((p) => p.message.content).join('');
  const whole = await ollama.chat(request);
  assert.equal(streamed, whole.message.content, 'deterministic for the same seed');
});

test('generate() streams and not, and stops at num_predict with done_reason length', async () => {
  const res = await ollama.generate({ model: chatModel, prompt: 'Why is the sky blue?' });
  assert.ok(res.response.length > 0);
  assertFinalMetrics(res);
  assert.ok(Array.isArray(res.context));

  const parts = [];
  for await (const part of await ollama.generate({ model: chatModel, prompt: 'Why is the sky blue?', stream: true })) parts.push(part);
  assert.equal(parts.at(-1).done, true);
  assert.equal(parts.map((p) => p.response).join(''), res.response);

  const cut = await ollama.generate({ model: chatModel, prompt: 'Write a long story', options: { num_predict: 3 } });
  assert.equal(cut.done_reason, 'length');
  assert.equal(cut.eval_count, 3);
});

test('embed() returns one L2-normalised vector per input', async () => {
  const res = await ollama.embed({ model: embedModel, input: ['the cat sat', 'a dog ran'] });
  assert.equal(res.embeddings.length, 2);
  for (const v of res.embeddings) {
    assert.ok(v.length > 0);
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    assert.ok(Math.abs(norm - 1) < 1e-3, `norm ${norm}`);
  }
  assert.notDeepEqual(res.embeddings[0], res.embeddings[1]);
  const again = await ollama.embed({ model: embedModel, input: 'the cat sat' });
  assert.deepEqual(again.embeddings[0], res.embeddings[0], 'same text, same vector');
});

test('embeddings() (legacy) returns one vector', async () => {
  const res = await ollama.embeddings({ model: embedModel, prompt: 'hello world' });
  assert.ok(Array.isArray(res.embedding) && res.embedding.length > 0);
});

test('ps() lists a model that was just used', async () => {
  await ollama.chat({ model: chatModel, messages: [{ role: 'user', content: 'hi' }] });
  const { models } = await ollama.ps();
  const entry = models.find((m) => normalise(m.name) === normalise(chatModel));
  assert.ok(entry, `${chatModel} not in ps: ${JSON.stringify(models.map((m) => m.name))}`);
  assert.ok(!Number.isNaN(Date.parse(entry.expires_at)));
  assert.equal(typeof entry.size_vram, 'number');
});

test('a request that names a tool gets a tool call with object arguments', async () => {
  const tools = [{
    type: 'function',
    function: {
      name: 'get_weather',
      description: 'Get the current weather in a city',
      parameters: { type: 'object', required: ['city'], properties: { city: { type: 'string', description: 'City name' } } },
    },
  }];
  const res = await ollama.chat({ model: chatModel, messages: [{ role: 'user', content: 'What is the weather in Paris?' }], tools });
  assert.equal(res.done_reason, 'stop');
  const calls = res.message.tool_calls;
  assert.ok(Array.isArray(calls) && calls.length === 1, JSON.stringify(res.message));
  assert.equal(calls[0].function.name, 'get_weather');
  assert.equal(typeof calls[0].function.arguments, 'object');
  assert.equal(calls[0].function.arguments.city, 'Paris');

  const followUp = await ollama.chat({
    model: chatModel,
    tools,
    messages: [
      { role: 'user', content: 'What is the weather in Paris?' },
      { role: 'assistant', content: '', tool_calls: calls },
      { role: 'tool', content: '18 degrees and sunny', tool_name: 'get_weather' },
    ],
  });
  assert.ok(followUp.message.content.includes('18 degrees and sunny'), followUp.message.content);
});

test('format with a JSON schema yields content that parses and conforms', async () => {
  const format = {
    type: 'object',
    properties: { age: { type: 'integer' }, available: { type: 'boolean' }, city: { type: 'string', enum: ['Paris', 'Rome'] } },
    required: ['age', 'available', 'city'],
  };
  const res = await ollama.chat({ model: chatModel, messages: [{ role: 'user', content: 'Ollama is 22 years old. Return JSON.' }], format });
  const value = JSON.parse(res.message.content);
  assert.ok(Number.isInteger(value.age));
  assert.equal(typeof value.available, 'boolean');
  assert.ok(['Paris', 'Rome'].includes(value.city));

  const parts = [];
  for await (const part of await ollama.chat({ model: chatModel, messages: [{ role: 'user', content: 'JSON please' }], format: 'json', stream: true })) parts.push(part.message.content);
  assert.equal(typeof JSON.parse(parts.join('')), 'object', 'streamed JSON pieces concatenate to JSON');
});

test('a thinking model sends its reasoning in message.thinking', async () => {
  const res = await ollama.chat({ model: thinkModel, messages: [{ role: 'user', content: 'What is 17*23?' }], think: true });
  assert.ok(res.message.thinking && res.message.thinking.length > 0);
  assert.ok(res.message.content.length > 0);
  const off = await ollama.chat({ model: thinkModel, messages: [{ role: 'user', content: 'What is 17*23?' }], think: false });
  assert.equal(off.message.thinking, undefined);
});

test('an unknown model is a ResponseError with status 404', async () => {
  await assert.rejects(
    ollama.chat({ model: 'no-such-model:1b', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => {
      assert.equal(err.name, 'ResponseError');
      assert.equal(err.status_code, 404);
      assert.match(err.error, /not found/);
      return true;
    });
});

test('pull, copy and delete manage models', { skip: process.env.OLLAMA_TEST_MANAGEMENT === '1' ? false : 'set OLLAMA_TEST_MANAGEMENT=1 (admin endpoints)' }, async () => {
  const statuses = [];
  for await (const p of await ollama.pull({ model: 'smollm2:135m', stream: true })) statuses.push(p.status);
  assert.equal(statuses.at(-1), 'success');
  assert.equal(statuses[0], 'pulling manifest');
  assert.equal((await ollama.pull({ model: 'smollm2:135m' })).status, 'success');

  await ollama.copy({ source: 'smollm2:135m', destination: 'my-copy:latest' });
  let names = (await ollama.list()).models.map((m) => m.name);
  assert.ok(names.includes('smollm2:135m') && names.includes('my-copy:latest'), names.join());

  await ollama.delete({ model: 'my-copy' });
  names = (await ollama.list()).models.map((m) => m.name);
  assert.ok(!names.includes('my-copy:latest'));
  await assert.rejects(ollama.delete({ model: 'my-copy' }), (err) => err.status_code === 404);
});
