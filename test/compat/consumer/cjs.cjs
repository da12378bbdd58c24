const { createWsOpenAI } = require('ai-sdk-openai-ws');
const { createResponsesEmulator } = require('ai-sdk-openai-ws/testing');
const { generateText } = require('ai');

(async () => {
  const emulator = await createResponsesEmulator();
  const provider = createWsOpenAI({ baseURL: emulator.baseURL, apiKey: 'sk-consumer' });
  const { text } = await generateText({ model: provider('gpt-5.4'), prompt: 'hello from CJS' });
  await provider.close();
  await emulator.close();
  if (!text.includes('hello from CJS')) throw new Error(`unexpected answer: ${text}`);
  console.log('cjs: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
