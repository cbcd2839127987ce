import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { localLabel } from '../../../ui/labels';
import { notifySuccess } from '../../../ui/notify';
import { issueCode, notifyProblem, notifyWriteError } from '../server-errors';
import { classes, confirmDanger } from '../ui';
import {
  adminCaseTypesQuery,
  type CaseType,
  type CaseTypesData,
  deleteCaseType,
  invalidateCaseTypes,
  type UpdateCaseTypeBody,
  updateCaseType,
} from './case-types.api';

type Patch = Omit<UpdateCaseTypeBody, 'version'>;

/**
 * The list's own writes: order, active, delete. The screen changes at once; the writes go one after
 * another, each with the version the previous one answered.
 */
export function useCaseTypeWrites(types: CaseType[] | undefined, onDeleted: (type: CaseType) => void) {
  const { t, i18n } = useTranslation('admin');
  const queryClient = useQueryClient();
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const key = adminCaseTypesQuery.queryKey;
  const reload = () => invalidateCaseTypes(queryClient);
  const label = (type: CaseType) => localLabel(type.labels, i18n.language, type.key);

  const setLocal = (id: string, patch: Partial<CaseType>) =>
    queryClient.setQueryData<CaseTypesData>(key, (old) =>
      old ? { ...old, data: old.data.map((x) => (x.id === id ? { ...x, ...patch } : x)) } : old,
    );
  const write = (changes: { id: string; patch: Patch }[], after?: () => void) => {
    for (const { id, patch } of changes) setLocal(id, patch);
    chain.current = chain.current.then(async () => {
      try {
        for (const { id, patch } of changes) {
          const version = queryClient
            .getQueryData<CaseTypesData>(key)
            ?.data.find((x) => x.id === id)?.version;
          if (version === undefined) continue;
          const saved = await updateCaseType(id, { version, ...patch });
          setLocal(id, { version: saved.version });
        }
        after?.();
      } catch (error) {
        notifyWriteError(error, reload);
      }
      void reload();
    });
  };

  /** Swaps the type with its neighbour; answers its new index, or undefined when it cannot move. */
  const move = (type: CaseType, direction: -1 | 1): number | undefined => {
    if (!types) return undefined;
    const from = types.findIndex((x) => x.id === type.id);
    const to = from + direction;
    if (to < 0 || to >= types.length) return undefined;
    const next = [...types];
    [next[from], next[to]] = [next[to]!, next[from]!];
    write(
      next.flatMap((x, position) => (x.position === position ? [] : [{ id: x.id, patch: { position } }])),
    );
    return to;
  };

  const setActive = (type: CaseType, active: boolean) =>
    write([{ id: type.id, patch: { active } }], () =>
      notifySuccess(t(active ? 'caseTypes.activated' : 'caseTypes.deactivated', { label: label(type) })),
    );

  /** Delete after a confirmation; a type with cases cannot go, so deactivating it is offered instead. */
  const remove = (type: CaseType) =>
    confirmDanger({
      title: t('caseTypes.delete_title', { label: label(type) }),
      message: t('caseTypes.delete_message'),
      confirm: t('delete'),
      onConfirm: async () => {
        try {
          await deleteCaseType(type.id);
          onDeleted(type);
          await reload();
          notifySuccess(t('caseTypes.deleted', { label: label(type) }));
        } catch (error) {
          const code = issueCode(error);
          if (code === 'case_type_in_use' && !type.active)
            notifyProblem(t('caseTypes.in_use_inactive', { label: label(type) }));
          else if (code === 'case_type_in_use')
            modals.openConfirmModal({
              title: t('caseTypes.in_use_title', { label: label(type) }),
              centered: true,
              className: classes.touch,
              closeButtonProps: { 'aria-label': t('close') },
              children: <Text size="sm">{t('caseTypes.in_use_message')}</Text>,
              labels: { confirm: t('caseTypes.deactivate'), cancel: t('cancel') },
              onConfirm: () => setActive(type, false),
            });
          else notifyWriteError(error, reload);
        }
      },
    });

  return { move, setActive, remove };
}
