import { createTheme, Menu } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'violet',
  defaultRadius: 'md',
  // Mantine's own transitions (menus, dialogs, collapses) are skipped for people who asked for less motion.
  respectReducedMotion: true,
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  components: {
    // A menu leaves the page as soon as an item is chosen: fading out, it kept its items in the DOM and the
    // accessibility tree for a few hundred ms, where they doubled those of the next menu opened.
    Menu: Menu.extend({ defaultProps: { transitionProps: { transition: 'fade', duration: 150, exitDuration: 0 } } }),
  },
});
