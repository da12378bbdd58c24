/** The text of the message in a `response.completed` event, as a raw socket delivers it. */
export function completedText(event: {
  response: {
    output: ReadonlyArray<{ type: string; content?: ReadonlyArray<{ type: string; text?: string }> }>;
  };
}): string {
  const message = event.response.output.find((item) => item.type === 'message');
  const part = message?.content?.[0];
  return part?.type === 'output_text' ? (part.text ?? '') : '';
}
