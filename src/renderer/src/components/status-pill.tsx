import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'fail' | 'info' | 'muted';

/** A short status label; the tone is also spelled out for screen readers via the text itself. */
export function StatusPill({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <span className={`pill pill-${tone}`}>{children}</span>;
}
