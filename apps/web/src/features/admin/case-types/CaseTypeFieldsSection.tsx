import { FieldList } from '../fields/FieldsAdmin';
import type { CaseType } from './case-types.api';

/** The custom fields of one case type (field definitions with object 'case' and the type's id). */
export function CaseTypeFieldsSection({ type }: { type: CaseType }) {
  return <FieldList key={type.id} object="case" typeId={type.id} />;
}
