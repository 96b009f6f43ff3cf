import { useEffect, useRef, type ReactNode } from 'react';

/** A page with its heading; the heading takes focus when the page opens, so keyboard and screen-reader users land on it. */
export function Page({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title]);
  return (
    <section aria-labelledby="page-title">
      <header className="page-header">
        <h1 id="page-title" ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {intro ? <p>{intro}</p> : null}
      </header>
      {children}
    </section>
  );
}
