import type { ReactNode } from 'react';

interface SelectFieldProps<T extends string> {
  label: string;
  name?: string;
  value: string;
  options: readonly T[];
  optionLabel(option: T): string;
  onChange(value: T): void;
  /** `narrow` or `wide`, as for other `.field`s. */
  size?: 'narrow' | 'wide';
  required?: boolean;
  disabled?: boolean;
  /** A first option with the empty value ("all", "any"). */
  emptyOption?: string;
  /** Shown under the select: a FieldError, a hint. */
  children?: ReactNode;
}

/** A labelled select over a fixed list of codes, each shown through `optionLabel` (a translation). */
export function SelectField<T extends string>(p: SelectFieldProps<T>) {
  return (
    <label className={p.size ? `field ${p.size}` : 'field'}>
      <span>{p.label}</span>
      <select name={p.name} value={p.value} required={p.required} disabled={p.disabled} onChange={(e) => p.onChange(e.target.value as T)}>
        {p.emptyOption !== undefined && <option value="">{p.emptyOption}</option>}
        {p.options.map((o) => (
          <option key={o} value={o}>
            {p.optionLabel(o)}
          </option>
        ))}
      </select>
      {p.children}
    </label>
  );
}
