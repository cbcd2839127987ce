import { ActionIcon, Badge, Group, Tooltip } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import type { CaseCategory, CaseKind } from '@trato/contracts/cases';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import { classes as adminClasses } from '../ui';

/**
 * Each category has its colour; the badge always says the category in words too (never colour alone), as a
 * coloured dot beside text in the normal colour (full contrast in light and dark themes).
 */
export const CATEGORY_COLORS: Record<CaseCategory, string> = {
  open: 'blue',
  won: 'green',
  lost: 'red',
  closed: 'gray',
};

export function CategoryBadge({ category }: { category: CaseCategory }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={CATEGORY_COLORS[category]} variant="dot" tt="none" fw={600} size="sm">
      {t(`caseTypes.categories.${category}`)}
    </Badge>
  );
}

export function KindBadge({ kind }: { kind: CaseKind }) {
  const { t } = useTranslation('admin');
  return (
    <Badge color={kind === 'sale' ? 'indigo' : 'grape'} variant="dot" tt="none" fw={500} size="sm">
      {t(`caseTypes.kinds.${kind}`)}
    </Badge>
  );
}

/** The up and down arrows that move a row of an ordered list (the keyboard's way to reorder). */
export function MoveButtons({
  id,
  label,
  index,
  total,
  onMove,
}: {
  id: string;
  label: string;
  index: number;
  total: number;
  onMove: (direction: -1 | 1) => void;
}) {
  const { t } = useTranslation('admin');
  const phone = usePhone();
  return (
    <Group gap={2} wrap="nowrap">
      {([-1, 1] as const).map((direction) => (
        <Tooltip key={direction} label={t(direction < 0 ? 'pick_lists.move_up' : 'pick_lists.move_down')}>
          <ActionIcon
            variant="subtle"
            color="gray"
            size={phone ? 44 : 'lg'}
            aria-label={t(direction < 0 ? 'pick_lists.move_up_label' : 'pick_lists.move_down_label', {
              label,
            })}
            className={adminClasses.move}
            disabled={direction < 0 ? index === 0 : index === total - 1}
            data-move={`${id}:${direction}`}
            onClick={() => onMove(direction)}
          >
            {direction < 0 ? <IconArrowUp size={18} aria-hidden /> : <IconArrowDown size={18} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      ))}
    </Group>
  );
}
