// LangChain's OpenAI integration (@langchain/openai) pointed at the gateway's /v1.
//
// Env: OPENAI_BASE_URL (the gateway's /v1, required), CAPTURE_DIR (see openai-capture.mjs),
// CHAT_MODEL (llama3.2:3b; needs tools), EMBED_MODEL (all-minilm:latest), THINK_MODEL (qwen3:8b; thinks).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { capturingFetch, capturesWritten, env } from './openai-capture.mjs';

const baseURL = process.env.OPENAI_BASE_URL;
if (!baseURL) throw new Error('OPENAI_BASE_URL must be set to the gateway /v1 URL, e.g. http://127.0.0.1:8080/v1');
const chatModel = env('CHAT_MODEL', 'llama3.2:3b');
const embedModel = env('EMBED_MODEL', 'all-minilm:latest');
const thinkModel = env('THINK_MODEL', 'qwen3:8b');
const configuration = { baseURL, fetch: capturingFetch };
const llm = new ChatOpenAI({ model: chatModel, apiKey: 'sk-test', configuration });
after(capturesWritten);

const getWeather = tool(
  async ({ location }) => `22 C and sunny in ${location}`,
  { name: 'get_weather', description: 'Current weather for a city', schema: z.object({ location: z.string() }) });

const CityFacts = z.object({ city: z.string(), population: z.number().int() });
const cityQuestion = 'Give me facts about Paris, population 2100000.';

test('invoke returns an AIMessage with text and usage metadata', async () => {
  const reply = await llm.invoke('Say hello.');
  assert.equal(typeof reply.content, 'string');
  assert.ok(reply.content.length > 0);
  assert.equal(reply.response_metadata.finish_reason, 'stop');
  assert.ok(reply.usage_metadata.input_tokens > 0 && reply.usage_metadata.output_tokens > 0);
  assert.equal(reply.usage_metadata.total_tokens, reply.usage_metadata.input_tokens + reply.usage_metadata.output_tokens);
});

test('stream yields chunks that add up to the invoked text', async () => {
  const question = 'Tell me about forests.';
  const whole = await llm.invoke(question);
  let text = '';
  let chunks = 0;
  let usage;
  for await (const chunk of await llm.stream(question)) {
    text += chunk.content;
    chunks++;
    usage = chunk.usage_metadata ?? usage;
  }
  assert.equal(text, whole.content);
  assert.ok(chunks > 1);
  assert.equal(usage?.output_tokens, whole.usage_metadata.output_tokens);
});

test('bindTools: tool call, tool execution, final answer from the tool result', async () => {
  const withTools = llm.bindTools([getWeather]);
  const question = new HumanMessage('What is the weather in Paris? Use get_weather.');
  const ai = await withTools.invoke([question]);
  assert.equal(ai.tool_calls.length, 1);
  assert.equal(ai.tool_calls[0].name, 'get_weather');
  assert.deepEqual(ai.tool_calls[0].args, { location: 'Paris' });
  assert.ok(ai.tool_calls[0].id);

  const toolMessage = await getWeather.invoke(ai.tool_calls[0]);
  const final = await withTools.invoke([question, ai, toolMessage]);
  assert.match(final.content, /get_weather returned "22 C and sunny in Paris"/);
  assert.equal(final.tool_calls.length, 0);
});

test('bindTools while streaming: the tool call is assembled from chunks', async () => {
  let gathered;
  for await (const chunk of await llm.bindTools([getWeather]).stream('What is the weather in Paris? Use get_weather.')) {
    gathered = gathered ? gathered.concat(chunk) : chunk;
  }
  assert.equal(gathered.tool_calls.length, 1);
  assert.equal(gathered.tool_calls[0].name, 'get_weather');
  assert.deepEqual(gathered.tool_calls[0].args, { location: 'Paris' });
});

for (const method of [undefined, 'functionCalling']) {
  test(`withStructuredOutput (${method ?? 'default: jsonSchema'}) returns a parsed object`, async () => {
    const structured = llm.withStructuredOutput(CityFacts, { name: 'city_facts', ...(method ? { method } : {}) });
    assert.deepEqual(await structured.invoke(cityQuestion), { city: 'Paris', population: 2100000 });
  });
}

test('a thinking model: LangChain reads only reasoning_content, so the reasoning is in the raw response', async () => {
  // docs/openai-compatibility.md (Reasoning): the gateway writes Ollama's field name, `reasoning`.
  const thinker = new ChatOpenAI({ model: thinkModel, apiKey: 'sk-test', configuration, __includeRawResponse: true });
  const reply = await thinker.invoke('Why is the sky blue?');
  assert.ok(reply.content.length > 0);
  assert.equal(reply.additional_kwargs.reasoning_content, undefined);
  const reasoning = reply.additional_kwargs.__raw_response.choices[0].message.reasoning;
  assert.ok(reasoning.length > 0);

  let streamed = '';
  for await (const chunk of await thinker.stream('Why is the sky blue?')) {
    streamed += chunk.additional_kwargs.__raw_response?.choices[0]?.delta?.reasoning ?? '';
  }
  assert.equal(streamed, reasoning);
});

test('OpenAIEmbeddings: embedQuery and embedDocuments agree', async () => {
  const embeddings = new OpenAIEmbeddings({ model: embedModel, apiKey: 'sk-test', configuration });
  const [first, second] = await embeddings.embedDocuments(['the first text', 'another text']);
  assert.equal(first.length, 384);
  assert.notDeepEqual(first, second);
  const query = await embeddings.embedQuery('the first text');
  assert.ok(query.every((v, i) => Math.fround(v) === Math.fround(first[i])));
});
