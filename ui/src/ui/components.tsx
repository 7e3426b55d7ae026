// Small pieces every page uses, so amounts, accounts and form fields look and
// behave the same everywhere.
import { useId, type ReactNode } from 'react';
import type { AccountId32Like } from 'dedot/codecs';
import { formatAccount, formatBalance, type Units } from '../chain/format';

/** An amount in the chain's token; the exact units ride along for tests. */
export function Amount({ value, units, testid }: { value: bigint; units: Units; testid?: string }) {
  return (
    <span className="amount" data-testid={testid} data-units={value.toString()}>
      {formatBalance(value, units)}
    </span>
  );
}

/** An account as SS58, with a name when it is one of the wallet's accounts. */
export function Account({ account, units, names, testid }: { account: AccountId32Like; units: Units; names?: Map<string, string>; testid?: string }) {
  const address = formatAccount(account, units);
  const name = names?.get(address);
  return (
    <span className="account" data-testid={testid} data-address={address} title={address}>
      {name ? `${name} (${address})` : address}
    </span>
  );
}

/** A labelled input; `hint` explains units or format, `error` says what is wrong. */
/** What a page that needs an account shows without one; `why` ends the sentence. */
export function NeedAccount({ testid, why }: { testid: string; why: string }) {
  return (
    <p className="notice" data-testid={testid}>
      Connect a wallet and choose an account on the <a href="#/connect">Connect</a> page{why}
    </p>
  );
}

export function Field({
  label,
  value,
  onChange,
  testid,
  hint,
  error,
  placeholder,
  type = 'text',
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testid: string;
  hint?: ReactNode;
  error?: string;
  placeholder?: string;
  type?: 'text' | 'number' | 'url';
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={hint ? `${id}-hint` : undefined}
        data-testid={testid}
      />
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {error && (
        <small className="error" role="alert" data-testid={`${testid}-error`}>
          {error}
        </small>
      )}
    </div>
  );
}

/** A labelled select over fixed options. */
export function Select<T extends string>({
  label,
  value,
  options,
  onChange,
  testid,
}: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  testid: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testid}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
