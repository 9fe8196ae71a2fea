import { useEffect } from 'react';

/**
 * Asks "leave this page?" while `active` (bytes in flight): a reload or a closed tab would lose
 * them. Only while active: a page with a beforeunload listener is kept out of some browsers'
 * back-forward cache.
 */
export function useLeaveWarning(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium shows the dialog only when returnValue is set; its text is the browser's own.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [active]);
}
