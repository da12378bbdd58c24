/** Published end-to-end data points for WebSocket mode, beside the sensitivity table. */
export const PUBLISHED_POINTS = [
  {
    source: "OpenAI's alpha demo (a coding agent, WebSocket mode vs HTTP)",
    detail: '20.2 s → 14.3 s',
    speedup: 20.2 / 14.3,
  },
  {
    source:
      'OpenAI\'s WebSocket mode guide: "for rollouts with 20+ tool calls, we have seen up to roughly 40% faster end-to-end execution"',
    detail: 'read as speed; 40% less time would be 1.67×',
    speedup: 1.4,
  },
  {
    source:
      "xAI's WebSocket mode docs: up to ~20% lower end-to-end latency than repeated HTTP requests that already chain with previous_response_id",
    detail: '20% less time; a different baseline, HTTP there does not re-send the history',
    speedup: 1 / 0.8,
  },
] as const;
