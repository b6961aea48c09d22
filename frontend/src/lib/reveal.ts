/** Whether the user asked the system for less motion (smooth scrolling and transitions off). */
export function prefersReducedMotion(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * Moves the keyboard focus to `element` (which needs tabIndex -1 if it is not a control) and scrolls it to
 * the top of the view: where a result appears after an action started below or above it.
 */
export function reveal(element: HTMLElement | null) {
  if (!element) return;
  element.focus({ preventScroll: true });
  element.scrollIntoView?.({ behavior: prefersReducedMotion() ? 'auto' : 'smooth', block: 'start' });
}
