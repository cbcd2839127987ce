import { Grid, Paper, Stack, Title } from '@mantine/core';
import { useSuspenseQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/use-page-title';
import { EntityActions } from '../actions/EntityActions';
import { EntityContacts } from '../contacts/EntityContacts';
import { LeadConversion } from '../entity-cases/ConvertLeadModal';
import { EntityCasesPanels } from '../entity-cases/EntityCasesPanels';
import { FilesPanel } from '../files/FilesPanel';
import { NotesPanel } from '../notes/NotesPanel';
import { TimelinePanel } from '../timeline/TimelinePanel';
import { EntityFields } from './EntityFields';
import { EntityHeader } from './EntityHeader';
import { entityQuery } from './entities.api';

/**
 * The 360° page of an entity: header and quick actions (and lead conversion), open after-sales and sales
 * cases, fields, next actions, contacts, notes, files, history.
 */
export function EntityRecord({ id }: { id: string }) {
  const { t } = useTranslation();
  const { data: entity } = useSuspenseQuery(entityQuery(id));
  usePageTitle(entity.name);
  const readOnly = Boolean(entity.deleted_at);
  return (
    <Stack gap="md">
      <EntityHeader entity={entity} />
      <LeadConversion entity={entity} />
      <EntityCasesPanels entity={entity} readOnly={readOnly} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Paper component="section" withBorder p="md" radius="md" aria-labelledby="entity-fields-title">
              <Title order={2} size="h4" mb="sm" id="entity-fields-title">
                {t('entity.sections.fields')}
              </Title>
              <EntityFields entity={entity} />
            </Paper>
            <FilesPanel entityId={entity.id} readOnly={readOnly} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <EntityActions entityId={entity.id} readOnly={readOnly} />
            <EntityContacts entityId={entity.id} readOnly={readOnly} />
            <NotesPanel entityId={entity.id} readOnly={readOnly} />
            <TimelinePanel subject="entity" id={entity.id} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
