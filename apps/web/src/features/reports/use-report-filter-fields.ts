import { CASE_PRIORITIES } from '@trato/contracts/cases';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListField } from '../../ui/list/list-fields';
import { useCaseTypes } from '../cases/cases.api';
import { useOwnerOptions } from '../users/use-owner-options';
import type { OpenCaseRowData } from './reports.api';

/** The filters the report takes besides the statuses, as chips. */
export function useReportFilterFields(): ListField<OpenCaseRowData>[] {
  const { t } = useTranslation('reports');
  const types = useCaseTypes();
  const owners = useOwnerOptions();
  return useMemo(
    () => [
      {
        id: 'owner_id',
        label: t('columns.owner'),
        kind: 'user',
        options: owners,
        sortable: false,
        filterable: true,
        render: () => null,
      },
      {
        id: 'type_id',
        label: t('columns.type'),
        kind: 'key',
        options: types.all.map((type) => ({ value: type.id, label: types.label(type) })),
        sortable: false,
        filterable: true,
        render: () => null,
      },
      {
        id: 'priority',
        label: t('columns.priority'),
        kind: 'key',
        options: CASE_PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) })),
        sortable: false,
        filterable: true,
        render: () => null,
      },
    ],
    [t, types, owners],
  );
}
