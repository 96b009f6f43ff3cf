import { useEffect, useState } from 'react';

/**
 * The current time, ticking once a second only while `active` and the window is visible: a hidden
 * dashboard runs no timers (ux.md).
 */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setInterval> | null = null;
    const sync = () => {
      if (timer) clearInterval(timer);
      timer = null;
      if (document.visibilityState === 'visible') {
        setNow(Date.now());
        timer = setInterval(() => setNow(Date.now()), 1000);
      }
    };
    sync();
    document.addEventListener('visibilitychange', sync);
    return () => {
      document.removeEventListener('visibilitychange', sync);
      if (timer) clearInterval(timer);
    };
  }, [active]);
  return now;
}
