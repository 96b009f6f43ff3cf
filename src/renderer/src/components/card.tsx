import type { ReactNode } from 'react';

export function Card({ title, children, labelledBy }: { title?: ReactNode; children: ReactNode; labelledBy?: string }) {
  return (
    <div className="card" role={title ? 'region' : undefined} aria-labelledby={labelledBy}>
      {title ? (
        <h2 className="card-title" id={labelledBy}>
          {title}
        </h2>
      ) : null}
      {children}
    </div>
  );
}
