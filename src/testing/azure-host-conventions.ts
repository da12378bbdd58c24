import type { HostConventions } from './host-conventions';

/**
 * Azure OpenAI / Foundry's v1 API as its WebSocket-mode guide ("Use the Responses API in WebSocket mode")
 * shows it: `wss://{resource}.openai.azure.com/openai/v1/responses`, the upgrade authenticated with
 * `Authorization: Bearer <key or Entra ID token>`. The `api-key` header, which Azure's HTTP API takes, is
 * accepted too. `emulator.authLog` records which one each upgrade and POST used (`via: 'bearer'` or
 * `'header'`).
 */
export const AZURE_HOST_CONVENTIONS: HostConventions = {
  responsesPath: '/openai/v1/responses',
  auth: [{ kind: 'bearer' }, { kind: 'header', name: 'api-key' }],
};
