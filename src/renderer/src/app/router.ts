import { useSyncExternalStore } from 'react';

/** Hash routes (#/hardware) work the same from file:// in the desktop app and over HTTP in headless mode. */
function currentPath(): string {
  const path = window.location.hash.replace(/^#/, '');
  return path.startsWith('/') ? path : '/';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

export function hrefFor(pageId: string): string {
  return pageId === 'overview' ? '#/' : `#/${pageId}`;
}
