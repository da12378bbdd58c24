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
  const infos = stepInfos(message);
  return steps.map((parts, index) => ({
    id: `${message.id}-step-${index + 1}`,
    parts,
    info: infos.find((info) => info.step === index + 1),
  }));
}

function stepInfos(message: ChatMessage): StepInfo[] {
  return message.parts.flatMap((part) => (part.type === 'data-step' ? [part.data] : []));
}

const bytes = (n: number) => `${n.toLocaleString('en-US')} B`;

/** Bytes saved against HTTP, and that as a share of what HTTP would have sent. */
function saving(sent: number, http: number): { bytes: number; percent: number } {
  return { bytes: http - sent, percent: http > 0 ? Math.round(((http - sent) / http) * 100) : 0 };
}

/**
 * One step: whether it continued the previous response (only new items sent) or sent the full history,
 * what went over the socket, what @ai-sdk/openai over HTTP would have posted for the same step, and the
 * difference. A full step sends the whole history, as HTTP would: there is nothing to save.
 */
function StepCell({ step }: { step: StepInfo }) {
  const saved = saving(step.bytesSent, step.httpBytes);
  return (
    <div
      className={`step ${step.continued ? 'continued' : 'full'}`}
      data-testid="step"
      data-step={step.step}
      data-continued={String(step.continued)}
      data-items-sent={step.itemsSent}
      data-items-total={step.itemsTotal}
    >
      <div className="step-title">
        step {step.step}: {step.continued ? 'continued' : 'full'}
        {step.transport === 'websocket' ? '' : ` (${step.transport})`} · {step.latencyMs} ms
      </div>
      <div className="wire">
        <span>socket</span>
        <span>
          <span data-testid="socket-items">{step.itemsSent}</span> of {step.itemsTotal} items
        </span>
        <span data-testid="socket-bytes">{bytes(step.bytesSent)}</span>
        <span>HTTP</span>
        <span>
          <span data-testid="http-items">{step.httpItems}</span> items
        </span>
        <span data-testid="http-bytes">{bytes(step.httpBytes)}</span>
        <span>saved</span>
        {step.continued ? (
          <>
            <span data-testid="saved-percent">{saved.percent}%</span>
            <span data-testid="saved-bytes">{bytes(saved.bytes)}</span>
          </>
        ) : (
          <span className="nothing-saved" data-testid="saved-none">
            nothing: full history
          </span>
        )}
      </div>
    </div>
  );
}

/** The turn's steps added up: what the socket carried against what HTTP would have. */
function TurnTotal({ infos }: { infos: StepInfo[] }) {
  const sent = infos.reduce((total, info) => total + info.bytesSent, 0);
  const http = infos.reduce((total, info) => total + info.httpBytes, 0);
  const saved = saving(sent, http);
  return (
    <div className="turn-total" data-testid="turn-total" data-socket-bytes={sent} data-http-bytes={http}>
      {infos.length} step{infos.length === 1 ? '' : 's'}: {bytes(sent)} over the socket; @ai-sdk/openai over
      HTTP would have sent {bytes(http)}, so {bytes(saved.bytes)} ({saved.percent}%) less.
    </div>
  );
}

/** A tool's output: its first line, the rest behind a click (a forecast is a page long). */
function ToolOutput({ output }: { output: unknown }) {
  const text = typeof output === 'string' ? output : JSON.stringify(output);
  const [first, ...rest] = text.split('\n');
  if (rest.length === 0) return <>{first}</>;
  return (
    <details>
      <summary>
        {first} <span className="more">(+{rest.length} lines)</span>
      </summary>
      <pre>{rest.join('\n')}</pre>
    </details>
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
        streamText over one Responses WebSocket. Each step shows whether it continued the previous response
        (only new items sent) or sent the full history, what went over the socket, and what @ai-sdk/openai
        over HTTP would have posted for the same step: the whole conversation, every step.
      </p>
      {messages.map((message) => (
        <div key={message.id} className={`message ${message.role}`} data-testid={`message-${message.role}`}>
          <div className="role">{message.role}</div>
          {stepsOf(message).map(({ id, parts, info }) => (
            <div key={id} className="step-row">
              {info ? <StepCell step={info} /> : <span />}
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
                        {part.state === 'output-available' ? <ToolOutput output={part.output} /> : '…'}
                      </div>
                    );
                  }
                  return null;
                })}
              </div>
            </div>
          ))}
          {message.role === 'assistant' && stepInfos(message).length > 0 && (
            <TurnTotal infos={stepInfos(message)} />
          )}
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
