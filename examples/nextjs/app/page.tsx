'use client';

import { useChat } from '@ai-sdk/react';
import { useState } from 'react';
import type { ChatMessage, StepInfo } from './chat-types';

type Part = ChatMessage['parts'][number];

/**
 * A message's parts grouped by model step (each step starts with a `step-start` part), each with the
 * `data-step` part the route wrote for it, matched by step number: it may arrive after the next step began.
 */
function stepsOf(message: ChatMessage): Array<{ id: string; parts: Part[]; info: StepInfo | undefined }> {
  const steps: Part[][] = [];
  for (const part of message.parts) {
    if (part.type === 'step-start' || steps.length === 0) steps.push([]);
    if (part.type !== 'step-start' && part.type !== 'data-step') steps.at(-1)!.push(part);
  }
  const infos = message.parts.flatMap((part) => (part.type === 'data-step' ? [part.data] : []));
  return steps.map((parts, index) => ({
    id: `${message.id}-step-${index + 1}`,
    parts,
    info: infos.find((info) => info.step === index + 1),
  }));
}

/** Whether the step continued the previous response (only new items sent) or sent the full history. */
function StepPill({ step }: { step: StepInfo }) {
  return (
    <span
      className={`step ${step.continued ? 'continued' : 'full'}`}
      data-testid="step"
      data-step={step.step}
      data-continued={String(step.continued)}
      data-items-sent={step.itemsSent}
      data-items-total={step.itemsTotal}
      title={`${step.transport}: sent ${step.itemsSent} of the ${step.itemsTotal} input items`}
    >
      step {step.step}: {step.continued ? 'continued' : 'full'}
      {step.transport === 'websocket' ? '' : ` (${step.transport})`} · {step.itemsSent}/{step.itemsTotal}{' '}
      items · {step.bytesSent.toLocaleString('en-US')} B · {step.latencyMs} ms
    </span>
  );
}

export default function ChatPage() {
  const { messages, sendMessage, status, error } = useChat<ChatMessage>();
  const [input, setInput] = useState('');
  const busy = status === 'submitted' || status === 'streaming';

  return (
    <main data-testid="chat" data-status={status}>
      <h1>Travel assistant</h1>
      <p className="subtitle">
        streamText over one Responses WebSocket: each step shows whether it continued the previous response
        (only new items sent) or sent the full history.
      </p>
      {messages.map((message) => (
        <div key={message.id} className={`message ${message.role}`} data-testid={`message-${message.role}`}>
          <div className="role">{message.role}</div>
          {stepsOf(message).map(({ id, parts, info }) => (
            <div key={id} className="step-row">
              {info ? <StepPill step={info} /> : <span />}
              <div className="step-parts">
                {parts.map((part, index) => {
                  const key = `${id}-${index}`;
                  if (part.type === 'text') {
                    return (
                      <div key={key} className="text" data-testid="text">
                        {part.text}
                      </div>
                    );
                  }
                  if (part.type.startsWith('tool-') && 'toolCallId' in part) {
                    const name = part.type.slice('tool-'.length);
                    return (
                      <div
                        key={key}
                        className="tool"
                        data-testid="tool-call"
                        data-tool={name}
                        data-input={JSON.stringify(part.input ?? {})}
                      >
                        <b>{name}</b>({JSON.stringify(part.input ?? {})}) →{' '}
                        {part.state === 'output-available' ? String(part.output) : '…'}
                      </div>
                    );
                  }
                  return null;
                })}
              </div>
            </div>
          ))}
        </div>
      ))}
      {error && (
        <div className="error" data-testid="error">
          {error.message}
        </div>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!input.trim()) return;
          sendMessage({ text: input });
          setInput('');
        }}
      >
        <div>
          <input
            data-testid="prompt"
            value={input}
            placeholder="Ask about the weather in Oslo, Lisbon or Tokyo…"
            onChange={(event) => setInput(event.target.value)}
          />
          <button type="submit" data-testid="send" disabled={busy}>
            Send
          </button>
        </div>
      </form>
    </main>
  );
}
