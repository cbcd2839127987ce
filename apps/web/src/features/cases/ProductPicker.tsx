import { SearchSelect } from '../../ui/SearchSelect';
import { type Product, productsQuery } from './cases.api';

interface Props {
  label: string;
  value: string | null;
  /** The current product's "code · name", shown before any search. */
  initialLabel?: string | undefined;
  onChange: (product: Product | null) => void;
  error?: string | undefined;
  hideLabel?: boolean;
}

/** Pick an active product by typing part of its code or name (searched on the server). */
export function ProductPicker({ value, onChange, ...rest }: Props) {
  return (
    <SearchSelect
      value={value}
      search={productsQuery}
      optionLabel={(p) => `${p.code} · ${p.name}`}
      onChange={(id, product) => {
        if (id !== value) onChange(product);
      }}
      {...rest}
    />
  );
}
