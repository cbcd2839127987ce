import type { Labels } from '@trato/contracts/common';
import type { MergeField } from '@trato/contracts/email-templates';

// The merge fields a template can use: {{ entity.name }}, {{ case.amount | money }}, {{ contact.custom.x }}.
// One list feeds the editor's "insert field" menu, the unknown-field warnings and the merge context.

export type MergeKind = MergeField['kind'];
export const MERGE_ROOTS = [
  'entity',
  'contact',
  'case',
  'owner',
  'sender',
  'company',
  'today',
  'unsubscribe_url',
] as const;
/** Roots that are one value, not an object of fields. */
type SingleValueRoot = 'today' | 'unsubscribe_url';
export type MergeRoot = (typeof MERGE_ROOTS)[number];
/** Objects whose admin-defined fields are reachable as `<object>.custom.<key>`. */
export const CUSTOM_ROOTS = ['entity', 'contact', 'case'] as const;
export type CustomRoot = (typeof CUSTOM_ROOTS)[number];

interface BuiltIn {
  key: string;
  labels: Labels;
  kind: MergeKind;
}

const f = (key: string, es: string, ca: string, en: string, kind: MergeKind = 'text'): BuiltIn => ({
  key,
  labels: { es, ca, en },
  kind,
});

export const ROOT_LABELS: Record<MergeRoot, Labels> = {
  entity: { es: 'Entidad', ca: 'Entitat', en: 'Entity' },
  contact: { es: 'Contacto', ca: 'Contacte', en: 'Contact' },
  case: { es: 'Expediente', ca: 'Expedient', en: 'Case' },
  owner: { es: 'Responsable', ca: 'Responsable', en: 'Owner' },
  sender: { es: 'Quien envía', ca: 'Qui envia', en: 'Sender' },
  company: { es: 'Empresa', ca: 'Empresa', en: 'Company' },
  today: { es: 'Fecha', ca: 'Data', en: 'Date' },
  unsubscribe_url: { es: 'Enlace de baja', ca: 'Enllaç de baixa', en: 'Unsubscribe link' },
};

export const BUILT_IN_FIELDS: Record<Exclude<MergeRoot, SingleValueRoot>, BuiltIn[]> = {
  entity: [
    f('name', 'Nombre', 'Nom', 'Name'),
    f('legal_name', 'Razón social', 'Raó social', 'Legal name'),
    f('code', 'Código', 'Codi', 'Code'),
    f('tax_id', 'NIF/CIF', 'NIF/CIF', 'Tax ID'),
    f('email', 'Correo', 'Correu', 'Email'),
    f('phone', 'Teléfono', 'Telèfon', 'Phone'),
    f('web', 'Web', 'Web', 'Website'),
    f('address', 'Dirección', 'Adreça', 'Address'),
    f('postal_code', 'Código postal', 'Codi postal', 'Postal code'),
    f('city', 'Población', 'Població', 'City'),
    f('province', 'Provincia', 'Província', 'Province'),
    f('country', 'País', 'País', 'Country'),
    f('source', 'Origen', 'Origen', 'Source'),
    f('sector', 'Sector', 'Sector', 'Sector'),
    f('zone', 'Zona', 'Zona', 'Zone'),
  ],
  contact: [
    f('first_name', 'Nombre', 'Nom', 'First name'),
    f('last_name', 'Apellidos', 'Cognoms', 'Last name'),
    f('name', 'Nombre completo', 'Nom complet', 'Full name'),
    f('email', 'Correo', 'Correu', 'Email'),
    f('phone', 'Teléfono', 'Telèfon', 'Phone'),
    f('position', 'Cargo', 'Càrrec', 'Position'),
    f('department', 'Departamento', 'Departament', 'Department'),
  ],
  case: [
    f('number', 'Número', 'Número', 'Number'),
    f('title', 'Título', 'Títol', 'Title'),
    f('type', 'Tipo', 'Tipus', 'Type'),
    f('status', 'Estado', 'Estat', 'Status'),
    f('priority', 'Prioridad', 'Prioritat', 'Priority'),
    f('amount', 'Importe', 'Import', 'Amount', 'money'),
    f('tax_amount', 'Impuestos', 'Impostos', 'Tax', 'money'),
    f('total', 'Total con impuestos', 'Total amb impostos', 'Total with tax', 'money'),
    f('currency', 'Moneda', 'Moneda', 'Currency'),
    f('probability', 'Probabilidad', 'Probabilitat', 'Probability', 'percent'),
    f('expected_close', 'Cierre previsto', 'Tancament previst', 'Expected close', 'date'),
  ],
  owner: [f('name', 'Nombre', 'Nom', 'Name'), f('email', 'Correo', 'Correu', 'Email')],
  sender: [f('name', 'Nombre', 'Nom', 'Name'), f('email', 'Correo', 'Correu', 'Email')],
  company: [
    f('name', 'Nombre', 'Nom', 'Name'),
    f('legal_name', 'Razón social', 'Raó social', 'Legal name'),
    f('tax_id', 'NIF/CIF', 'NIF/CIF', 'Tax ID'),
    f('email', 'Correo', 'Correu', 'Email'),
    f('phone', 'Teléfono', 'Telèfon', 'Phone'),
    f('web', 'Web', 'Web', 'Website'),
    f('address', 'Dirección', 'Adreça', 'Address'),
    f('postal_code', 'Código postal', 'Codi postal', 'Postal code'),
    f('city', 'Población', 'Població', 'City'),
  ],
};

const BUILT_IN_KEYS = Object.fromEntries(
  Object.entries(BUILT_IN_FIELDS).map(([root, fields]) => [root, new Set(fields.map((x) => x.key))]),
) as Record<Exclude<MergeRoot, SingleValueRoot>, Set<string>>;

/** The Liquid the editor inserts for a field: money and dates with their localising filter. */
export function snippetFor(path: string, kind: MergeKind): string {
  if (kind === 'money') return `{{ ${path} | money }}`;
  if (kind === 'date') return `{{ ${path} | date }}`;
  return `{{ ${path} }}`;
}

/** Custom field keys per object, as the admin defined them (case: the fields of every case type). */
export type CustomKeys = Record<CustomRoot, Set<string>>;

// What may follow a field: Liquid's own properties of strings and arrays.
const TRAILING = new Set(['size', 'first', 'last']);

/**
 * Whether a variable a template uses is a merge field: its first segments name a known field, anything after
 * is `size`/`first`/`last`. A root on its own (`{% if contact %}`) is known too. Returns the field's path
 * (`contact.first_name`), or null when it does not exist.
 */
export function knownField(segments: readonly string[], custom: CustomKeys): string | null {
  const [root, key, sub, ...rest] = segments;
  if (!root || !(MERGE_ROOTS as readonly string[]).includes(root)) return null;
  if (key === undefined) return root;
  if (root === 'today' || root === 'unsubscribe_url')
    return TRAILING.has(key) && sub === undefined ? root : null;
  const builtIns = BUILT_IN_KEYS[root as Exclude<MergeRoot, SingleValueRoot>];
  if (builtIns.has(key)) {
    const tail = [sub, ...rest].filter((s) => s !== undefined);
    return tail.length === 0 || (tail.length === 1 && TRAILING.has(tail[0]!)) ? `${root}.${key}` : null;
  }
  if (key === 'custom' && (CUSTOM_ROOTS as readonly string[]).includes(root)) {
    if (sub === undefined) return `${root}.custom`;
    if (!custom[root as CustomRoot].has(sub)) return null;
    return rest.length === 0 || (rest.length === 1 && TRAILING.has(rest[0]!))
      ? `${root}.custom.${sub}`
      : null;
  }
  return null;
}
