import { type MantineSize, ThemeIcon } from '@mantine/core';
import {
  type Icon,
  IconCalendar,
  IconCheckbox,
  IconFileText,
  IconMail,
  IconMapPin,
  IconMessage,
  IconPhone,
  IconPresentation,
  IconStar,
  IconTruck,
  IconUsers,
  IconVideo,
} from '@tabler/icons-react';
import type { ACTION_ICONS } from '@trato/contracts/actions';

/** The Tabler icon for each ACTION_ICONS name an admin can give an action type. */
export const ACTION_TYPE_ICONS: Record<(typeof ACTION_ICONS)[number], Icon> = {
  phone: IconPhone,
  mail: IconMail,
  'map-pin': IconMapPin,
  users: IconUsers,
  'file-text': IconFileText,
  presentation: IconPresentation,
  checkbox: IconCheckbox,
  calendar: IconCalendar,
  message: IconMessage,
  video: IconVideo,
  truck: IconTruck,
  star: IconStar,
};

export const actionIconOf = (name: string | null | undefined): Icon =>
  ACTION_TYPE_ICONS[name as keyof typeof ACTION_TYPE_ICONS] ?? IconCalendar;

const PIXELS: Record<string, number> = { xs: 20, sm: 26, md: 32, lg: 40, xl: 48 };

interface Props {
  icon: string | null | undefined;
  color: string | null | undefined;
  size?: MantineSize;
  /** The type's name, read by screen readers; without it the icon is decorative. */
  label?: string;
  variant?: 'light' | 'filled' | 'transparent';
}

/** An action type's icon in its colour (call = blue phone…); the agenda and the panel share it. */
export function ActionTypeIcon({ icon, color, size = 'md', label, variant = 'light' }: Props) {
  const Glyph = actionIconOf(icon);
  const pixels = PIXELS[size] ?? 32;
  return (
    <ThemeIcon
      size={pixels}
      radius="xl"
      variant={variant}
      color={color || 'gray'}
      {...(label ? { role: 'img', 'aria-label': label, title: label } : { 'aria-hidden': true })}
    >
      <Glyph size={Math.round(pixels * 0.6)} stroke={1.8} />
    </ThemeIcon>
  );
}
