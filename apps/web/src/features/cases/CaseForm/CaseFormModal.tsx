import { Modal } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePhone } from '../../../ui/use-phone';
import type { Case } from '../cases.api';
import { CaseForm } from './CaseForm';
import type { CaseFormDefaults } from './case-form-values';

export type { CaseFormDefaults };

interface Props {
  opened: boolean;
  onClose: () => void;
  /** Prefilled values: the board's type and column, the entity of the page it is opened from… */
  defaults?: CaseFormDefaults;
  /** After the case is created (the modal closes itself and says so). */
  onCreated?: (item: Case) => void;
}

/** "Nuevo expediente" in a dialog (full screen on phones), from the board, a column or an entity page. */
export function CaseFormModal({ opened, onClose, defaults = {}, onCreated }: Props) {
  const { t } = useTranslation('cases');
  const phone = usePhone();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t('form.new_title')}
      size="xl"
      fullScreen={phone}
      closeButtonProps={{ 'aria-label': t('translation:common.close') }}
    >
      <CaseForm
        defaults={defaults}
        onCancel={onClose}
        onCreated={(item) => {
          onClose();
          onCreated?.(item);
        }}
      />
    </Modal>
  );
}
