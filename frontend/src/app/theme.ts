import { Alert, Anchor, createTheme, type CSSVariablesResolver, Menu, Modal } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'violet',
  // Shade 8 in light mode: white on a filled button and violet text on a light one both reach 4.5:1.
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // Mantine's own transitions (menus, dialogs, collapses) are skipped for people who asked for less motion.
  respectReducedMotion: true,
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // A menu leaves the page as soon as an item is chosen: fading out, it kept its items in the DOM and the
    // accessibility tree for a few hundred ms, where they doubled those of the next menu opened.
    // Links in running text are underlined: colour alone does not tell them apart (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // Every dialog's and alert's "×" says what it does to a screen reader.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Alert: Alert.extend({ defaultProps: { closeButtonLabel: 'Dismiss' } }),
    // A closed menu gives the focus back to its button (and a dialog opened from it, to that button).
    Menu: Menu.extend({
      defaultProps: { returnFocus: true, transitionProps: { transition: 'fade', duration: 150, exitDuration: 0 } },
    }),
  },
});

/**
 * Text that reaches 4.5:1 in light mode: secondary ("dimmed") text (Mantine's light grey is 3.3:1 on
 * white) and the coloured text of light badges, alerts and buttons (shade 6–8 on its own tint is 3.5–4.4:1).
 */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': resolved.colors.gray[7] ?? '#495057',
    ...Object.fromEntries(
      Object.keys(resolved.colors).map((name) => [
        `--mantine-color-${name}-light-color`,
        `color-mix(in srgb, var(--mantine-color-${name}-9), black 25%)`,
      ]),
    ),
  },
  dark: {},
});
