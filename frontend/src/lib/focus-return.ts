import { useCallback, useEffect, useRef } from 'react';

/** The control to give the focus back to once a dialog opened from `element` closes: for a menu item (gone
 * with its menu), the menu's button; else the element itself. */
export function focusReturnTarget(element: Element | null): HTMLElement | null {
  if (!(element instanceof HTMLElement)) return null;
  const menu = element.closest('[role="menu"]');
  if (menu?.id) return document.querySelector<HTMLElement>(`[aria-controls="${CSS.escape(menu.id)}"]`);
  return element;
}

/**
 * For dialogs mounted only while open (so their own focus return never runs): call the returned function
 * as the dialog opens; when `open` turns false the focus goes back to the control that opened it.
 */
export function useFocusReturnOnClose(open: boolean): () => void {
  const target = useRef<HTMLElement | null>(null);
  const remember = useCallback(() => {
    target.current = focusReturnTarget(document.activeElement);
  }, []);
  useEffect(() => {
    if (open) return undefined;
    const element = target.current;
    target.current = null;
    if (!element) return undefined;
    // After the dialog's own attempt (Mantine returns focus after 10 ms) to the item that is gone.
    const timer = window.setTimeout(() => {
      if (element.isConnected) element.focus({ preventScroll: true });
    }, 20);
    return () => window.clearTimeout(timer);
  }, [open]);
  return remember;
}
