import { Avatar, type CSSVariablesResolver, createTheme } from '@mantine/core';

/** Trato's theme: Mantine defaults with a teal accent (the admin's accent colour will override it). */
export const theme = createTheme({
  primaryColor: 'teal',
  // Shade 9 keeps white text on filled buttons at 5:1 in both schemes (text links use the anchor colour).
  primaryShade: { light: 9, dark: 9 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  components: {
    // Initials avatars take a light colour per name; some of those colours' own text misses 4.5:1.
    Avatar: Avatar.extend({ styles: { placeholder: { color: 'var(--mantine-color-text)' } } }),
  },
});

/** WCAG AA (4.5:1) for secondary text, light badges and errors, which Mantine's defaults miss slightly. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': '#697077',
    // Placeholders drawn as text (file and select inputs) are read by screen readers and checked by axe too.
    '--mantine-color-placeholder': '#697077',
    '--mantine-color-teal-light': 'var(--mantine-color-teal-0)',
    // Field errors: Mantine's red-6 is 3.3:1 on white.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {
    '--mantine-color-dimmed': '#a0a0a0',
    '--mantine-color-placeholder': '#a0a0a0',
  },
});
