import { Alert, Grid, Paper, Stack, Title } from '@mantine/core';
import { useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/use-page-title';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { movedCard } from './board-state';
import { CaseActions } from './CaseActions';
import { CaseFields } from './CaseFields';
import { CaseHeader } from './CaseHeader';
import { CaseLinesPanel } from './CaseLinesPanel';
import { CaseStatusHistory } from './CaseStatusHistory';
import { type Case, caseQuery, useCaseTypes } from './cases.api';
import { type Optimistic, useCaseMove } from './use-case-move';

/** A case's page: header with its pipeline, fields, lines, actions, time in each status and history. */
export function CaseRecord({ id }: { id: string }) {
  const { t } = useTranslation('cases');
  const queryClient = useQueryClient();
  const { data: item } = useSuspenseQuery(caseQuery(id));
  const types = useCaseTypes();
  const type = types.byId(item.type_id);
  const { move, moving, dialogs } = useCaseMove();
  usePageTitle(`${item.number} · ${item.title}`);

  if (!type)
    return types.loaded ? (
      <Alert color="red" title={t('translation:errors.title')}>
        {t('unknown_type')}
      </Alert>
    ) : null;

  // The header shows the new status at once; a refused move puts the old one back.
  const optimistic: Optimistic = (current, status) => {
    const key = caseQuery(id).queryKey;
    queryClient.setQueryData<Case>(key, (old) =>
      old ? { ...movedCard(old, status), lines: old.lines } : old,
    );
    return () => queryClient.setQueryData<Case>(key, (old) => (old ? { ...current, lines: old.lines } : old));
  };

  return (
    <Stack gap="md">
      <CaseHeader
        item={item}
        type={type}
        moving={moving.has(item.id)}
        onMove={(status) => move(item, status, optimistic)}
      />
      {type.has_lines && <CaseLinesPanel key={item.id} item={item} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper component="section" withBorder p="md" radius="md" aria-labelledby="case-fields-title">
              <Title order={2} size="h4" mb="sm" id="case-fields-title">
                {t('sections.fields')}
              </Title>
              <CaseFields item={item} type={type} />
            </Paper>
            <CaseStatusHistory caseId={item.id} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <CaseActions item={item} />
            <TimelinePanel subject="case" id={item.id} />
          </Stack>
        </Grid.Col>
      </Grid>
      {dialogs}
    </Stack>
  );
}
