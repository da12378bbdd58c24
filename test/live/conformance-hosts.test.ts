/** The host recipes `npm run test:live` reads from the environment (nothing here reaches a host). */
import { describe, expect, it } from 'vitest';
import { azureRecipe, DEFAULT_OPENAI_MODEL, openaiRecipe } from './conformance/env-hosts';

describe('openai recipe', () => {
  it('is skipped without OPENAI_API_KEY', () => {
    expect(openaiRecipe({ OPENAI_BASE_URL: 'http://127.0.0.1:4010/v1' })).toEqual({
      skipped: 'OPENAI_API_KEY is not set',
    });
  });

  it('talks to api.openai.com with a bearer key and the cheap default model', () => {
    const recipe = openaiRecipe({ OPENAI_API_KEY: 'sk-test' });
    expect('host' in recipe && recipe.host).toMatchObject({
      name: 'openai',
      wsURL: 'wss://api.openai.com/v1/responses',
      headers: { Authorization: 'Bearer sk-test' },
      model: DEFAULT_OPENAI_MODEL,
    });
  });

  it('takes the base URL, organization, project and model from the environment', () => {
    const recipe = openaiRecipe({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: 'http://127.0.0.1:4010/v1/',
      OPENAI_ORG_ID: 'org-1',
      OPENAI_PROJECT_ID: 'proj-1',
      OPENAI_CONFORMANCE_MODEL: 'gpt-5.4-mini',
    });
    expect('host' in recipe && recipe.host).toMatchObject({
      wsURL: 'ws://127.0.0.1:4010/v1/responses',
      headers: {
        Authorization: 'Bearer sk-test',
        'OpenAI-Organization': 'org-1',
        'OpenAI-Project': 'proj-1',
      },
      model: 'gpt-5.4-mini',
    });
  });
});

describe('azure recipe', () => {
  it('is skipped until key, deployment and resource are all set, naming what is missing', () => {
    expect(azureRecipe({ AZURE_API_KEY: 'k' })).toEqual({
      skipped: 'AZURE_DEPLOYMENT, AZURE_RESOURCE_NAME or AZURE_BASE_URL not set',
    });
  });

  it('connects to the resource’s v1 socket with the deployment as model, Bearer as Azure’s guide shows', () => {
    const recipe = azureRecipe({ AZURE_API_KEY: 'k', AZURE_DEPLOYMENT: 'dep', AZURE_RESOURCE_NAME: 'res' });
    expect('host' in recipe && recipe.host).toMatchObject({
      name: 'azure',
      wsURL: 'wss://res.openai.azure.com/openai/v1/responses',
      headers: { Authorization: 'Bearer k' },
      model: 'dep',
    });
  });

  it('sends the api-key header instead with AZURE_WS_AUTH=api-key, and takes AZURE_BASE_URL', () => {
    const recipe = azureRecipe({
      AZURE_API_KEY: 'k',
      AZURE_DEPLOYMENT: 'dep',
      AZURE_BASE_URL: 'https://gw.example/openai/v1',
      AZURE_WS_AUTH: 'api-key',
    });
    expect('host' in recipe && recipe.host).toMatchObject({
      wsURL: 'wss://gw.example/openai/v1/responses',
      headers: { 'api-key': 'k' },
    });
  });
});
