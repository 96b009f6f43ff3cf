import type { ReactNode } from 'react';

export function Notice({ tone, title, children }: { tone: 'info' | 'warn' | 'fail'; title: ReactNode; children?: ReactNode }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'fail' ? 'alert' : 'status'}>
      <strong>{title}</strong>
      {children}
    </div>
  );
}
