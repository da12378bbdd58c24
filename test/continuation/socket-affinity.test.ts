import { describe, expect, it } from 'vitest';
import { socketAffinity } from '../../src/continuation/socket-affinity';

const user = { role: 'user', content: [{ type: 'input_text', text: 'go' }] };
const call = { type: 'function_call', call_id: 'call_1', name: 'step', arguments: '{}' };
const result = { type: 'function_call_output', call_id: 'call_1', output: '10' };
const socket = {
  chain: {
    responseId: 'resp_1',
    input: [user],
    output: [{ ...call, id: 'fc_1', status: 'completed' }],
  },
  lastResponse: { id: 'resp_1', pendingCallIds: ['call_1'], toolsFingerprint: 'null' },
};
const incremental = { incremental: true };

describe('socketAffinity', () => {
  it('continues the chain it extends', () => {
    expect(socketAffinity(socket, { input: [user, call, result] }, incremental)).toBe('continues');
  });

  it('follows the socket whose tool calls it answers, when its history no longer extends the chain', () => {
    expect(socketAffinity(socket, { input: [call, result] }, incremental)).toBe('follows');
    expect(socketAffinity(socket, { input: [user, call, result] }, { incremental: false })).toBe('follows');
  });

  it("a caller's previous_response_id belongs to the socket that cached it, and to no other", () => {
    expect(socketAffinity(socket, { previous_response_id: 'resp_1', input: [result] }, incremental)).toBe(
      'continues',
    );
    expect(socketAffinity(socket, { previous_response_id: 'resp_0', input: [result] }, incremental)).toBe(
      'none',
    );
  });

  it('another conversation has nothing to do with the socket', () => {
    const other = { type: 'function_call_output', call_id: 'call_9', output: 'x' };
    expect(socketAffinity(socket, { input: [user, other] }, incremental)).toBe('none');
    expect(
      socketAffinity({ chain: undefined, lastResponse: undefined }, { input: [user] }, incremental),
    ).toBe('none');
  });
});
