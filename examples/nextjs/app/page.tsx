'use client';

import { useChat } from '@ai-sdk/react';
import { useState } from 'react';
import type { ChatMessage } from './chat-types';

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
          {message.parts.map((part, index) => {
            const key = `${message.id}-${index}`;
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
                <div key={key} className="tool" data-testid="tool-call" data-tool={name}>
                  <b>{name}</b>({JSON.stringify(part.input ?? {})}) →{' '}
                  {part.state === 'output-available' ? String(part.output) : '…'}
                </div>
              );
            }
            return null;
          })}
          <div className="steps">
            {message.parts
              .filter((part) => part.type === 'data-step')
              .map((part) => {
                const step = part.data;
                return (
                  <span
                    key={`${message.id}-step-${step.step}`}
                    className={`step ${step.continued ? 'continued' : 'full'}`}
                    data-testid="step"
                    data-continued={String(step.continued)}
                    data-items-sent={step.itemsSent}
                    data-items-total={step.itemsTotal}
                    title={`${step.transport}: sent ${step.itemsSent} of the ${step.itemsTotal} input items`}
                  >
                    step {step.step}: {step.continued ? 'continued' : 'full'}
                    {step.transport === 'websocket' ? '' : ` (${step.transport})`} · {step.itemsSent}/
                    {step.itemsTotal} items · {step.bytesSent} B · {step.latencyMs} ms
                  </span>
                );
              })}
          </div>
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
