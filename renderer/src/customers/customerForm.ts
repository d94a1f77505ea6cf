import * as z from 'zod';
import { normaliseHandle, normalisePhone } from './identityValue';
import { MAX_NAME } from './model';

/**
 * The Customers area's "New customer" form, checked field by field before
 * anything is stored: a name, and optionally one phone number (valid for
 * libphonenumber-js in the desk's default region, stored as E.164) and one
 * Bluesky handle. Each failure names its field and the message key the form
 * shows beside it, so the agent fixes one field rather than retyping all.
 */
export interface CustomerFormInput {
  readonly name: string;
  readonly phone: string;
  readonly handle: string;
}

export type CustomerFormField = keyof CustomerFormInput;
export type CustomerFormError = 'customers.form.nameRequired' | 'customers.form.badPhone' | 'customers.form.badHandle';

export interface CustomerFormValues {
  readonly name: string;
  readonly phone: string | null;
  readonly handle: string | null;
}

export type CustomerFormResult =
  | { readonly ok: true; readonly values: CustomerFormValues }
  | { readonly ok: false; readonly errors: Readonly<Partial<Record<CustomerFormField, CustomerFormError>>> };

/** An optional field: empty is null, anything else must normalise. */
const optional = (normalise: (text: string) => string | null, message: CustomerFormError) =>
  z.string().transform((text, context) => {
    if (text.trim() === '') return null;
    const value = normalise(text);
    if (value === null) {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return value;
  });

export function customerFormSchema(defaultRegion: string) {
  return z.object({
    name: z
      .string()
      .transform((name) => name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME))
      .pipe(z.string().min(1, 'customers.form.nameRequired' satisfies CustomerFormError)),
    phone: optional((text) => normalisePhone(text, defaultRegion), 'customers.form.badPhone'),
    handle: optional(normaliseHandle, 'customers.form.badHandle'),
  });
}

const FORM_ERRORS: readonly string[] = ['customers.form.nameRequired', 'customers.form.badPhone', 'customers.form.badHandle'] satisfies CustomerFormError[];
const isFormError = (message: string): message is CustomerFormError => FORM_ERRORS.includes(message);

export function checkCustomerForm(input: CustomerFormInput, defaultRegion: string): CustomerFormResult {
  const parsed = customerFormSchema(defaultRegion).safeParse(input);
  if (parsed.success) return { ok: true, values: parsed.data };
  const errors: Partial<Record<CustomerFormField, CustomerFormError>> = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if ((field === 'name' || field === 'phone' || field === 'handle') && isFormError(issue.message)) errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** One identity the agent adds to a customer being edited: the same checks as the form's fields. */
export function checkIdentityField(
  kind: 'phone' | 'bluesky',
  text: string,
  defaultRegion: string,
): { ok: true; value: string } | { ok: false; error: CustomerFormError } {
  const value = kind === 'phone' ? normalisePhone(text, defaultRegion) : normaliseHandle(text);
  if (value !== null) return { ok: true, value };
  return { ok: false, error: kind === 'phone' ? 'customers.form.badPhone' : 'customers.form.badHandle' };
}
