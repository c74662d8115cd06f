// Form controls in Designsystemet markup (ds-field, ds-fieldset, ds-input, ds-validation-message),
// each with its label, hint and error tied to the input (for/id, aria-describedby, aria-invalid).

import type { ComponentChildren } from 'preact';
import type { Option } from '../form/fields.js';

interface ControlProps {
  id: string;
  name: string;
  label: string;
  hint?: string;
  /** All messages for this field, already joined. */
  error?: string;
  optional?: boolean;
}

function describedBy(
  id: string,
  hint: string | undefined,
  error: string | undefined,
): string | undefined {
  const ids = [hint ? `${id}-hint` : undefined, error ? `${id}-error` : undefined].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function LabelText({ label, optional }: { label: string; optional?: boolean }) {
  return (
    <>
      {label}
      {optional && <span class="label-optional"> (valgfritt)</span>}
    </>
  );
}

function Hint({ id, hint }: { id: string; hint?: string }) {
  return hint ? (
    <div data-field="description" id={`${id}-hint`}>
      {hint}
    </div>
  ) : null;
}

function ValidationMessage({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p class="ds-validation-message" data-field="validation" id={`${id}-error`}>
      <span class="ds-sr-only">Feil: </span>
      {error}
    </p>
  ) : null;
}

/** The frame of a single-input field: label, hint, the control, and its error below. */
function Field(props: ControlProps & { children: ComponentChildren }) {
  const { id, label, hint, error, optional, children } = props;
  return (
    <div class="ds-field">
      <label class="ds-label" for={id}>
        <LabelText label={label} optional={optional} />
      </label>
      <Hint id={id} hint={hint} />
      {children}
      <ValidationMessage id={id} error={error} />
    </div>
  );
}

/** What ties a control to its hint and error. */
function controlAria({ id, hint, error }: ControlProps) {
  return {
    'aria-describedby': describedBy(id, hint, error),
    'aria-invalid': error ? ('true' as const) : undefined,
  };
}

export function TextField(
  props: ControlProps & {
    value: string;
    type?: 'text' | 'email' | 'tel';
    inputMode?: 'numeric' | 'decimal' | 'email' | 'tel';
    autocomplete?: string;
    short?: boolean;
  },
) {
  const { id, name, value, type = 'text', inputMode, autocomplete, short } = props;
  return (
    <Field {...props}>
      <input
        class={short ? 'ds-input input--short' : 'ds-input'}
        id={id}
        name={name}
        // preact's types tell input types apart by a union that a variable type cannot satisfy
        type={type as 'text'}
        value={value}
        inputMode={inputMode}
        autocomplete={autocomplete}
        {...controlAria(props)}
      />
    </Field>
  );
}

export function TextArea(props: ControlProps & { value: string; rows?: number }) {
  const { id, name, value, rows = 5 } = props;
  return (
    <Field {...props}>
      <textarea class="ds-input" id={id} name={name} rows={rows} {...controlAria(props)}>
        {value}
      </textarea>
    </Field>
  );
}

export function Select(
  props: ControlProps & { value: string; placeholder: string; options: readonly Option[] },
) {
  const { id, name, value, placeholder, options } = props;
  const known = options.some((o) => o.value === value);
  return (
    <Field {...props}>
      <select class="ds-input" id={id} name={name} {...controlAria(props)}>
        <option value="" selected={!known}>
          {placeholder}
        </option>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/**
 * Radio buttons or checkboxes in a fieldset. The first input carries the group's id, so an error
 * summary link lands on the group.
 */
export function ChoiceGroup(
  props: ControlProps & {
    type: 'radio' | 'checkbox';
    selected: readonly string[];
    options: readonly Option[];
  },
) {
  const { id, name, label, hint, error, optional, type, selected, options } = props;
  return (
    <fieldset class="ds-fieldset" aria-describedby={describedBy(id, hint, error)}>
      <legend class="ds-label">
        <LabelText label={label} optional={optional} />
      </legend>
      <Hint id={id} hint={hint} />
      {options.map((o, i) => {
        const optionId = i === 0 ? id : `${id}-${o.value}`;
        return (
          <div class="ds-field">
            <input
              class="ds-input"
              type={type}
              id={optionId}
              name={name}
              value={o.value}
              checked={selected.includes(o.value)}
              aria-describedby={o.hint ? `${optionId}-hint` : undefined}
              aria-invalid={error ? 'true' : undefined}
            />
            <label class="ds-label" for={optionId}>
              {o.label}
            </label>
            {o.hint && (
              <div data-field="description" id={`${optionId}-hint`}>
                {o.hint}
              </div>
            )}
          </div>
        );
      })}
      <ValidationMessage id={id} error={error} />
    </fieldset>
  );
}
