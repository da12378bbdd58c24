import { createWsOpenAI, VERSION } from 'ai-sdk-openai-ws';
import { createResponsesEmulator } from 'ai-sdk-openai-ws/testing';
import { generateText } from 'ai';

const emulator = await createResponsesEmulator();
const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-consumer' });
const { text, providerMetadata } = await generateText({ model: provider('gpt-5.4'), prompt: 'hello from ESM' });
await provider.close();
await emulator.close();
if (!text.includes('hello from ESM') || providerMetadata['openai-ws'].transport !== 'websocket') {
  throw new Error(`unexpected answer: ${text}`);
}
console.log(`esm: ok (version ${VERSION})`);
