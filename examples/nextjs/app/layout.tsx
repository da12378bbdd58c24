import type { ReactNode } from 'react';
import './styles.css';

export const metadata = { title: 'ai-sdk-openai-ws — Next.js chat' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
