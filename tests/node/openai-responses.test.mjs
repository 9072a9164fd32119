// The official `openai` npm client's Responses API (client.responses.*) and LangChain's ChatOpenAI with
// useResponsesApi, pointed at the gateway's /v1 as if it were api.openai.com.
//
// Env: OPENAI_BASE_URL (the gateway's /v1, required), CAPTURE_DIR (see openai-capture.mjs),
// CHAT_MODEL (llama3.2:3b; needs tools), THINK_MODEL (qwen3:8b; thinks).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { capturingFetch, capturesWritten, env } from './openai-capture.mjs';

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) throw new Error('OPENAI_BASE_URL must be set to the gateway /v1 URL, e.g. http://127.0.0.1:8080/v1');
const chatModel = env('CHAT_MODEL', 'llama3.2:3b');
const thinkModel = env('THINK_MODEL', 'qwen3:8b');

const client = new OpenAI({ apiKey: 'sk-test', baseURL, fetch: capturingFetch, maxRetries: 0 });
after(capturesWritten);

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] },
  strict: true,
};
const weatherQuestion = 'What is the weather in Paris? Use get_weather.';

test('responses.create returns a completed response with output_text and usage', async () => {
  const response = await client.responses.create({ model: chatModel, instructions: 'Be brief.', input: 'Say hello.' });
  assert.equal(response.object, 'response');
  assert.match(response.id, /^resp_/);
  assert.equal(response.status, 'completed');
  assert.equal(response.model, chatModel);
  assert.equal(response.instructions, 'Be brief.');
  assert.ok(response.output_text.length > 0, 'the SDK joins the output_text parts');
  const [message] = response.output;
  assert.equal(message.type, 'message');
  assert.equal(message.content[0].text, response.output_text);
  assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);
});

test('responses.stream: text deltas add up to the final response, which matches the unstreamed one', async () => {
  const input = 'Tell me about mountains.';
  const whole = await client.responses.create({ model: chatModel, input });
  const stream = client.responses.stream({ model: chatModel, input });
  let deltas = '';
  let pieces = 0;
  const types = [];
  stream.on('response.output_text.delta', (event) => { deltas += event.delta; pieces++; });
  stream.on('event', (event) => types.push(event.type));
  const final = await stream.finalResponse();
  assert.equal(final.status, 'completed');
  assert.equal(final.output_text, deltas);
  assert.equal(final.output_text, whole.output_text);
  assert.ok(pieces > 1, 'the text arrives in pieces');
  assert.deepEqual([types[0], types[1], types.at(-1)], ['response.created', 'response.in_progress', 'response.completed']);
});

test('function calling: a function_call item, then previous_response_id with the function_call_output', async () => {
  const first = await client.responses.create({ model: chatModel, input: weatherQuestion, tools: [weatherTool] });
  const calls = first.output.filter((item) => item.type === 'function_call');
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call.name, 'get_weather');
  assert.deepEqual(JSON.parse(call.arguments), { location: 'Paris' });
  assert.match(call.call_id, /^call_/);

  const second = await client.responses.create({
    model: chatModel,
    previous_response_id: first.id,
    tools: [weatherTool],
    input: [{ type: 'function_call_output', call_id: call.call_id, output: '22 C and sunny' }],
  });
  assert.equal(second.previous_response_id, first.id);
  assert.match(second.output_text, /get_weather returned "22 C and sunny"/);
});

test('function calling without storage: the output items are sent back as input', async () => {
  const question = { role: 'user', content: weatherQuestion };
  const first = await client.responses.create({ model: chatModel, input: [question], tools: [weatherTool], store: false });
  const call = first.output.find((item) => item.type === 'function_call');
  const second = await client.responses.create({
    model: chatModel,
    store: false,
    tools: [weatherTool],
    input: [question, ...first.output, { type: 'function_call_output', call_id: call.call_id, output: '18 C and cloudy' }],
  });
  assert.match(second.output_text, /get_weather returned "18 C and cloudy"/);
});

test('streamed function call: arguments events and a function_call item in the final response', async () => {
  const stream = client.responses.stream({ model: chatModel, input: weatherQuestion, tools: [weatherTool] });
  let argumentsDone;
  stream.on('response.function_call_arguments.done', (event) => { argumentsDone = event.arguments; });
  const final = await stream.finalResponse();
  const call = final.output.find((item) => item.type === 'function_call');
  assert.equal(call.name, 'get_weather');
  assert.equal(argumentsDone, call.arguments);
  assert.deepEqual(JSON.parse(call.arguments), { location: 'Paris' });
});

test('structured output: responses.parse with zodTextFormat', async () => {
  const Person = z.object({ name: z.string(), age: z.number().int() });
  const response = await client.responses.parse({
    model: chatModel,
    input: 'Ada is 36 years old.',
    text: { format: zodTextFormat(Person, 'person') },
  });
  assert.equal(response.output_parsed.age, 36);
  assert.equal(typeof response.output_parsed.name, 'string');
  assert.equal(response.text.format.type, 'json_schema');
});

test('previous_response_id continues a conversation; retrieve returns it; delete removes it', async () => {
  const first = await client.responses.create({ model: chatModel, input: 'My name is Ada.' });
  const second = await client.responses.create({ model: chatModel, previous_response_id: first.id, input: 'What did I just tell you?' });
  assert.equal(second.previous_response_id, first.id);
  assert.ok(second.output_text.length > 0);

  const retrieved = await client.responses.retrieve(first.id);
  assert.equal(retrieved.id, first.id);
  assert.equal(retrieved.output_text, first.output_text);

  await client.responses.delete(first.id);
  await assert.rejects(client.responses.retrieve(first.id), (error) => error instanceof OpenAI.NotFoundError);
  await assert.rejects(
    client.responses.create({ model: chatModel, previous_response_id: first.id, input: 'Still there?' }),
    (error) => error instanceof OpenAI.NotFoundError && error.param === 'previous_response_id');
});

test('a thinking model: reasoning item before the message, streamed as reasoning text', async () => {
  const stream = client.responses.stream({ model: thinkModel, input: 'What is 17*23?', reasoning: { effort: 'low' } });
  let reasoning = '';
  stream.on('response.reasoning_text.delta', (event) => { reasoning += event.delta; });
  const final = await stream.finalResponse();
  assert.deepEqual(final.output.map((item) => item.type), ['reasoning', 'message']);
  assert.equal(final.output[0].content[0].text, reasoning);
  assert.ok(reasoning.length > 0);
  assert.equal(final.reasoning.effort, 'low');
});

test('max_output_tokens cuts the answer: status incomplete with its reason', async () => {
  const response = await client.responses.create({ model: chatModel, input: 'Tell me a long story.', max_output_tokens: 3 });
  assert.equal(response.status, 'incomplete');
  assert.equal(response.incomplete_details.reason, 'max_output_tokens');
});

test('a built-in tool is refused with a 400 naming it', async () => {
  await assert.rejects(
    client.responses.create({ model: chatModel, input: 'hi', tools: [{ type: 'web_search' }] }),
    (error) => error instanceof OpenAI.BadRequestError && error.param === 'tools[0].type');
});

const lc = new ChatOpenAI({ model: chatModel, apiKey: 'sk-test', useResponsesApi: true, configuration: { baseURL, fetch: capturingFetch } });

test('LangChain useResponsesApi: invoke and stream', async () => {
  const reply = await lc.invoke('Say hello.');
  assert.ok(reply.text.length > 0);
  assert.ok(reply.usage_metadata.output_tokens > 0);
  let streamed = '';
  for await (const chunk of await lc.stream('Say hello.')) streamed += chunk.text;
  assert.equal(streamed, reply.text);
});

test('LangChain useResponsesApi: bindTools round trip', async () => {
  const getWeather = tool(
    async ({ location }) => `22 C and sunny in ${location}`,
    { name: 'get_weather', description: 'Current weather for a city', schema: z.object({ location: z.string() }) });
  const withTools = lc.bindTools([getWeather]);
  const question = new HumanMessage(weatherQuestion);
  const ai = await withTools.invoke([question]);
  assert.equal(ai.tool_calls.length, 1);
  assert.deepEqual(ai.tool_calls[0].args, { location: 'Paris' });
  const result = await getWeather.invoke(ai.tool_calls[0]);
  const final = await withTools.invoke([question, ai, result]);
  assert.match(final.text, /get_weather returned "22 C and sunny in Paris"/);
});
