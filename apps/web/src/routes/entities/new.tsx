import { Container, Title } from '@mantine/core';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EntityForm } from '../../features/entities/EntityForm';
import { notifySuccess } from '../../ui/notify';
import { usePageTitle } from '../../ui/use-page-title';

export const Route = createFileRoute('/entities/new')({
  component: NewEntityScreen,
});

function NewEntityScreen() {
  const { t } = useTranslation();
  usePageTitle(t('entity.new'));
  const navigate = useNavigate();
  return (
    <Container size="md" px={0}>
      <Title order={1} size="h2" mb="md">
        {t('entity.new')}
      </Title>
      <EntityForm
        onSaved={(entity) => {
          notifySuccess(t('entity.created', { name: entity.name }));
          void navigate({ to: '/entities/$id', params: { id: entity.id } });
        }}
        onCancel={() => void navigate({ to: '/entities' })}
      />
    </Container>
  );
}
