// The official `openai` npm client pointed at the gateway's /v1 as if it were api.openai.com.
//
// Env: OPENAI_BASE_URL (the gateway's /v1, required), CAPTURE_DIR (see openai-capture.mjs),
// CHAT_MODEL (llama3.2:3b; needs tools), VISION_MODEL (llava:7b), EMBED_MODEL (all-minilm:latest),
// HF_MODEL (a served hf.co/<user>/<repo>:<tag> name: slashes the client percent-encodes in /models/{id}),
// BUSY_MODEL (served only by workers that are all busy: a 503 is expected), FLAKY_MODEL and FLAKY_WORKER_PID
// (the only worker serving FLAKY_MODEL, slow; the suite kills it in the middle of a stream), FLAKY_WORKER_URL (that
// worker's simulator URL, whose /_sim/stats show whether a generation is still running), THINK_MODEL (qwen3:8b; thinks).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { capturingFetch, capturesWritten, env } from './openai-capture.mjs';

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) throw new Error('OPENAI_BASE_URL must be set to the gateway /v1 URL, e.g. http://127.0.0.1:8080/v1');
const chatModel = env('CHAT_MODEL', 'llama3.2:3b');
const visionModel = env('VISION_MODEL', 'llava:7b');
const embedModel = env('EMBED_MODEL', 'all-minilm:latest');
const hfModel = env('HF_MODEL', 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M');
const busyModel = env('BUSY_MODEL', 'phi3:mini');
const flakyModel = env('FLAKY_MODEL', 'mistral:7b');
const flakyWorkerPid = Number(process.env.FLAKY_WORKER_PID);
const flakyWorkerUrl = process.env.FLAKY_WORKER_URL;
const thinkModel = env('THINK_MODEL', 'qwen3:8b');

const client = new OpenAI({ apiKey: 'sk-test', baseURL, fetch: capturingFetch });
// Retries would turn an expected error into several requests and hide the first status.
const noRetry = new OpenAI({ apiKey: 'sk-test', baseURL, fetch: capturingFetch, maxRetries: 0 });
after(capturesWritten);

const weatherTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  },
};
const weatherQuestion = { role: 'user', content: 'What is the weather in Paris? Use get_weather.' };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

test('chat.completions.create returns text, finish_reason stop and usage', async () => {
  const completion = await client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'Say hello.' }] });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.model, chatModel);
  const [choice] = completion.choices;
  assert.equal(choice.finish_reason, 'stop');
  assert.equal(choice.message.role, 'assistant');
  assert.ok(choice.message.content.length > 0);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
});

test('streamed chat reassembles the same text, ends with finish_reason and a usage chunk', async () => {
  const messages = [{ role: 'user', content: 'Tell me about mountains.' }];
  const whole = await client.chat.completions.create({ model: chatModel, messages });
  const stream = await client.chat.completions.create({ model: chatModel, messages, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let pieces = 0;
  let finish = null;
  let usage = null;
  for await (const chunk of stream) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    for (const choice of chunk.choices) {
      if (choice.delta.content) { text += choice.delta.content; pieces++; }
      finish ??= choice.finish_reason;
    }
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(text, whole.choices[0].message.content);
  assert.ok(pieces > 1, 'the text arrives in pieces');
  assert.equal(finish, 'stop');
  assert.equal(usage?.completion_tokens, whole.usage.completion_tokens);
});

test('chat.completions.stream helper: content events and finalChatCompletion', async () => {
  const messages = [{ role: 'user', content: 'Describe a quiet harbour.' }];
  const runner = client.chat.completions.stream({ model: chatModel, messages });
  let deltas = '';
  runner.on('content', (delta) => { deltas += delta; });
  const final = await runner.finalChatCompletion();
  assert.equal(final.choices[0].finish_reason, 'stop');
  assert.equal(final.choices[0].message.content, deltas);
  const whole = await client.chat.completions.create({ model: chatModel, messages });
  assert.equal(final.choices[0].message.content, whole.choices[0].message.content);
});

test('tool round trip: the model calls get_weather, then answers from the tool result', async () => {
  const first = await client.chat.completions.create({ model: chatModel, messages: [weatherQuestion], tools: [weatherTool] });
  const [choice] = first.choices;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.content, null);
  assert.equal(choice.message.tool_calls.length, 1);
  const [call] = choice.message.tool_calls;
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.function.arguments), { location: 'Paris' });

  const final = await client.chat.completions.create({
    model: chatModel,
    tools: [weatherTool],
    messages: [weatherQuestion, choice.message, { role: 'tool', tool_call_id: call.id, content: '22 C and sunny' }],
  });
  assert.equal(final.choices[0].finish_reason, 'stop');
  assert.match(final.choices[0].message.content, /get_weather returned "22 C and sunny"/);
});

for (const stream of [false, true]) {
  test(`runTools${stream ? ' (streamed)' : ''} calls the JavaScript function and finishes with its answer`, async () => {
    const calls = [];
    const runner = client.chat.completions.runTools({
      model: chatModel,
      stream,
      messages: [weatherQuestion],
      tools: [{
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Current weather for a city',
          parameters: weatherTool.function.parameters,
          parse: JSON.parse,
          function: ({ location }) => { calls.push(location); return `22 C and sunny in ${location}`; },
        },
      }],
    });
    const content = await runner.finalContent();
    assert.deepEqual(calls, ['Paris']);
    assert.match(content, /get_weather returned "22 C and sunny in Paris"/);
    assert.equal(runner.allChatCompletions().length, 2);
  });
}

test('structured output: response_format json_schema', async () => {
  const completion = await client.chat.completions.create({
    model: chatModel,
    messages: [{ role: 'user', content: 'Give me facts about Paris, population 2100000.' }],
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'city_facts',
        strict: true,
        schema: {
          type: 'object',
          properties: { city: { type: 'string' }, population: { type: 'integer' } },
          required: ['city', 'population'],
          additionalProperties: false,
        },
      },
    },
  });
  assert.deepEqual(JSON.parse(completion.choices[0].message.content), { city: 'Paris', population: 2100000 });
});

test('structured output: chat.completions.parse with zodResponseFormat', async () => {
  const CityFacts = z.object({ city: z.string(), population: z.number().int(), landmarks: z.array(z.string()) });
  const completion = await client.chat.completions.parse({
    model: chatModel,
    messages: [{ role: 'user', content: 'Give me facts about Paris, population 2100000.' }],
    response_format: zodResponseFormat(CityFacts, 'city_facts'),
  });
  const parsed = completion.choices[0].message.parsed;
  assert.equal(parsed.city, 'Paris');
  assert.equal(parsed.population, 2100000);
  assert.ok(parsed.landmarks.length > 0);
});

test('image input as a data URL reaches a vision model', async () => {
  const completion = await client.chat.completions.create({
    model: visionModel,
    messages: [{
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'low' } },
      ],
    }],
  });
  assert.match(completion.choices[0].message.content, /^I see 1 image\./);
});

test('embeddings: the default (base64, decoded by the client) equals encoding_format float', async () => {
  const input = ['the first text', 'another text'];
  const base64 = await client.embeddings.create({ model: embedModel, input });
  assert.equal(base64.data.length, 2);
  assert.deepEqual(base64.data.map((d) => d.index), [0, 1]);
  assert.equal(base64.data[0].embedding.length, 384);
  assert.notDeepEqual(base64.data[0].embedding, base64.data[1].embedding);
  assert.ok(base64.usage.prompt_tokens > 0);

  const float = await client.embeddings.create({ model: embedModel, input, encoding_format: 'float' });
  assert.equal(float.data.length, 2);
  for (let i = 0; i < 2; i++) {
    // base64 carries float32; JSON floats are the same float32 values written in decimal.
    const a = base64.data[i].embedding;
    const b = float.data[i].embedding;
    assert.equal(a.length, b.length);
    assert.ok(a.every((v, j) => Math.fround(v) === Math.fround(b[j])), `vector ${i} differs between encodings`);
  }
});

test('legacy completions, whole and streamed', async () => {
  const whole = await client.completions.create({ model: chatModel, prompt: 'Once upon a time' });
  assert.equal(whole.object, 'text_completion');
  assert.equal(whole.choices[0].finish_reason, 'stop');
  assert.ok(whole.choices[0].text.length > 0);
  let text = '';
  for await (const chunk of await client.completions.create({ model: chatModel, prompt: 'Once upon a time', stream: true })) {
    text += chunk.choices[0]?.text ?? '';
  }
  assert.equal(text, whole.choices[0].text);
});

test('logprobs: chat token entries and the legacy completions object', async () => {
  const chat = await client.chat.completions.create({
    model: chatModel, messages: [{ role: 'user', content: 'Say something about clouds.' }], logprobs: true, top_logprobs: 2,
  });
  const entries = chat.choices[0].logprobs.content;
  assert.equal(entries.map((e) => e.token).join(''), chat.choices[0].message.content);
  for (const e of entries) {
    assert.ok(e.logprob <= 0);
    assert.deepEqual(e.bytes, [...Buffer.from(e.token, 'utf8')]);
    assert.equal(e.top_logprobs.length, 2);
  }

  const legacy = await client.completions.create({ model: chatModel, prompt: 'Clouds are', logprobs: 2 });
  const { tokens, token_logprobs, top_logprobs, text_offset } = legacy.choices[0].logprobs;
  assert.equal(tokens.join(''), legacy.choices[0].text);
  assert.equal(token_logprobs.length, tokens.length);
  assert.equal(top_logprobs.length, tokens.length);
  assert.equal(text_offset[0], 0);
});

test('models.list pages through every served model; models.retrieve describes one', async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.object, 'model');
    ids.push(model.id);
  }
  for (const name of [chatModel, visionModel, embedModel]) assert.ok(ids.includes(name), `${name} missing from ${ids}`);
  const one = await client.models.retrieve(chatModel);
  assert.equal(one.id, chatModel);
  assert.equal(typeof one.owned_by, 'string');
  assert.ok(one.created > 0);
});

test('models.retrieve of a name with slashes (sent percent-encoded: hf.co%2F...)', async () => {
  const one = await client.models.retrieve(hfModel);
  assert.equal(one.id, hfModel);
  assert.equal(one.owned_by, hfModel.split('/')[1]);
});

test('a bad parameter is a BadRequestError naming it', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'hi' }], temperature: 5 }),
    (e) => e instanceof OpenAI.BadRequestError && e.status === 400 && e.param === 'temperature' && e.type === 'invalid_request_error');
  await assert.rejects(
    client.chat.completions.create({ model: chatModel, messages: [{ role: 'user', content: 'hi' }], n: 2 }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === 'n');
});

test('an unknown model is a NotFoundError with code model_not_found', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model:1b', messages: [{ role: 'user', content: 'hi' }] }),
    (e) => e instanceof OpenAI.NotFoundError && e.status === 404 && e.code === 'model_not_found');
  await assert.rejects(client.models.retrieve('no-such-model:1b'), OpenAI.NotFoundError);
});

test('all workers busy is a 503 InternalServerError (an APIError), streamed or not', async () => {
  for (const stream of [false, true]) {
    await assert.rejects(
      (async () => {
        const result = await noRetry.chat.completions.create({ model: busyModel, messages: [{ role: 'user', content: 'hi' }], stream });
        if (stream) for await (const _ of result) { /* drain */ }
      })(),
      (e) => e instanceof OpenAI.InternalServerError && e instanceof OpenAI.APIError && e.status === 503);
  }
});

test('a thinking model: whole reasoning in message.reasoning, streamed as delta.reasoning pieces; reasoning_effort none turns it off', async () => {
  const messages = [{ role: 'user', content: 'Why is the sky blue?' }];
  const whole = await client.chat.completions.create({ model: thinkModel, messages });
  const { reasoning, content } = whole.choices[0].message;
  assert.ok(reasoning.length > 0 && content.length > 0);

  let streamedReasoning = '';
  let streamedContent = '';
  let pieces = 0;
  for await (const chunk of await client.chat.completions.create({ model: thinkModel, messages, stream: true })) {
    const delta = chunk.choices[0]?.delta ?? {};
    if (delta.reasoning) { streamedReasoning += delta.reasoning; pieces++; }
    streamedContent += delta.content ?? '';
  }
  assert.equal(streamedReasoning, reasoning);
  assert.equal(streamedContent, content);
  assert.ok(pieces > 1, 'the reasoning arrives in pieces');

  // The stream helper also finishes with the content (its message.reasoning is only the last piece: it joins only
  // the fields it knows, see docs/openai-compatibility.md).
  const final = await client.chat.completions.stream({ model: thinkModel, messages }).finalChatCompletion();
  assert.equal(final.choices[0].message.content, content);

  const direct = await client.chat.completions.create({ model: thinkModel, messages, reasoning_effort: 'none' });
  assert.equal(direct.choices[0].message.reasoning, undefined);
  assert.ok(direct.usage.completion_tokens < whole.usage.completion_tokens);
});

test('AbortController mid-stream ends the worker\'s generation too', async () => {
  assert.ok(flakyWorkerUrl, 'FLAKY_WORKER_URL must be set to the simulator URL of the worker serving FLAKY_MODEL');
  const running = async () => (await (await fetch(`${flakyWorkerUrl}/_sim/stats`)).json()).inFlight;
  const controller = new AbortController();
  // Not recorded: a body the client itself cut off has nothing to check against the schema.
  const uncaptured = new OpenAI({ apiKey: 'sk-test', baseURL, maxRetries: 0 });
  const stream = await uncaptured.chat.completions.create(
    { model: flakyModel, messages: [{ role: 'user', content: 'Tell me a long story.' }], stream: true },
    { signal: controller.signal });
  let chunks = 0;
  for await (const _ of stream) {
    if (++chunks === 2) {
      assert.equal(await running(), 1, 'the generation runs while the client reads');
      controller.abort(); // openai-node then ends the iteration quietly
    }
  }
  assert.equal(chunks, 2);
  // The reply would take seconds more; the worker must stop well before that.
  const deadline = Date.now() + 2000;
  while (await running() !== 0) {
    assert.ok(Date.now() < deadline, 'the worker still generates for a client that went away');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

test('a worker crashing mid-stream is an APIError raised by the stream, after the text so far', async () => {
  assert.ok(flakyWorkerPid > 0, 'FLAKY_WORKER_PID must be set to the process id of the worker serving FLAKY_MODEL');
  const stream = await client.chat.completions.create({ model: flakyModel, messages: [{ role: 'user', content: 'Tell me a long story.' }], stream: true });
  let text = '';
  await assert.rejects(
    (async () => {
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (text) killOnce(flakyWorkerPid);
      }
    })(),
    (e) => e instanceof OpenAI.APIError && /stream was interrupted/.test(e.message));
  assert.ok(text.length > 0, 'some text arrived before the failure');
});

function killOnce(pid) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
}
