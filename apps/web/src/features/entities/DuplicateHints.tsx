import { Alert, Badge, Group, List, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCopy } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../ui/links';
import { findDuplicates } from './entities.api';

interface Props {
  excludeId?: string | undefined;
  name: string;
  taxId: string;
  emails: string[];
  phones: string[];
}

/** While the user types a name, tax id, email or phone: entities that look like the same one, and why. */
export function DuplicateHints(props: Props) {
  const { t } = useTranslation();
  const payload = {
    ...(props.excludeId ? { exclude_id: props.excludeId } : {}),
    name: props.name.trim(),
    tax_id: props.taxId.trim() || null,
    emails: props.emails.map((s) => s.trim()).filter((s) => s.includes('@')),
    phones: props.phones.map((s) => s.trim()).filter((s) => s.replace(/\D/g, '').length >= 6),
  };
  const [debounced] = useDebouncedValue(payload, 500);
  const enough =
    debounced.name.length >= 3 ||
    Boolean(debounced.tax_id) ||
    debounced.emails.length > 0 ||
    debounced.phones.length > 0;
  const { data } = useQuery({
    queryKey: ['entities', 'duplicates', debounced],
    queryFn: ({ signal }) => findDuplicates(debounced, signal),
    enabled: enough,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
  });
  const candidates = enough ? (data?.data ?? []) : [];
  if (candidates.length === 0) return null;
  return (
    <Alert color="yellow" icon={<IconCopy size={18} />} title={t('duplicates.title')} role="status">
      <List spacing={6} size="sm">
        {candidates.slice(0, 5).map((c) => (
          <List.Item key={c.id}>
            <Group gap={6} wrap="wrap">
              <AnchorLink to="/entities/$id" params={{ id: c.id }} target="_blank" fw={600} size="sm">
                {c.name}
              </AnchorLink>
              {c.city && (
                <Text span size="xs" c="dimmed">
                  {c.city}
                </Text>
              )}
              {c.reasons.map((r) => (
                <Badge key={r} size="xs" color="yellow" variant="light">
                  {t(`duplicates.reasons.${r}`)}
                </Badge>
              ))}
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
