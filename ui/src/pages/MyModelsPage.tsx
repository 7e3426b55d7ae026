// My models: the connected account's models with their metadata, status,
// lineage, obligations and split, and everything their owner may do with them
// (metadata edits the registry allows, status, derivative approvals, token
// transfer, the split editor on the market); and, for the connected account
// as a recipient, split invitations to accept or leave and derivative
// approvals to decline. With an index, each model's sales and revenue per day
// (history.tsx), and the splits that list the account found through it.
import { useCallback, useEffect, useState } from 'react';
import { RequireChain, useAccountNames, useChain, useConnectedChain, useReader } from '../chain/ChainProvider';
import type { Chain } from '../chain/connection';
import { accountProblem, formatBps, formatPpm, formatTimestamp } from '../chain/format';
import { parseSplit, SHARE_SCALE, type ShareRow } from '../chain/shares';
import { NOBODY } from '../chain/contracts';
import { call, read, Refusal } from '../chain/tx';
import { TxPanel } from '../chain/TxPanel';
import { errorText } from '../chain/wallet';
import { IndexError } from '../chain/index-api';
import type {
  ModelmintCommonModelStatus as ModelStatus,
  ModelmintCommonParentLink as ParentLink,
  ModelmintRegistryDataModel as Model,
} from '../contracts/types/modelmint-registry';
import type { ModelmintCommonRoyaltiesRecipient as Recipient } from '../contracts/types/modelmint-market';
import { fieldError, parseBps, parseModelId, parsePpm, valueOf } from '../chain/numbers';
import { Account, Amount, Field, Select, NeedAccount } from '../ui/components';
import { modelsOf, splitApplies } from './market';
import { IndexNotice, useIndex } from '../chain/IndexProvider';
import { ModelSales } from './history';

export function MyModelsPage() {
  return (
    <RequireChain contracts={['registry', 'market']}>
      <MyModels />
    </RequireChain>
  );
}

function MyModels() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const [ids, setIds] = useState<bigint[]>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string>();
  // A transferred model leaves the list (and its panel with it): say where it went.
  const transferred = useCallback((id: bigint, to: string) => {
    setNotice(`Model ${id} now belongs to ${to}.`);
    setVersion((v) => v + 1);
  }, []);
  const names = useAccountNames();

  useEffect(() => {
    if (!account) return;
    let live = true;
    setError(undefined);
    modelsOf(chain, account.address).then(
      (list) => live && setIds(list),
      (e: unknown) => live && setError(e instanceof Refusal ? e.message : `Reading your models failed: ${errorText(e)}`),
    );
    return () => {
      live = false;
    };
  }, [chain, account, version]);

  if (!account) {
    return <NeedAccount testid="models-no-account" why=" to see its models." />;
  }
  return (
    <>
      <section aria-labelledby="owned-heading">
        <h2 id="owned-heading">Models of {account.name ?? account.address}</h2>
        <IndexNotice what="sales and revenue" />
        {error && (
          <p className="error" role="alert" data-testid="models-error">
            {error}
          </p>
        )}
        {notice && (
          <p className="notice ok" role="status" data-testid="models-notice">
            {notice}
          </p>
        )}
        {ids === undefined && !error && <p>Loading…</p>}
        {ids?.length === 0 && (
          <p className="notice" data-testid="models-empty">
            This account owns no model. <a href="#/register">Register one</a>.
          </p>
        )}
        <div data-testid="models-list" data-count={ids?.length ?? ''}>
          {ids?.map((id) => (
            <ModelCard key={id.toString()} id={id} names={names} onTransferred={(to) => transferred(id, to)} />
          ))}
        </div>
      </section>
      <Invitations />
      <ApprovalsToMe />
    </>
  );
}

interface ModelInfo {
  model: Model;
  ownerEpoch: number;
  split?: Recipient[];
  /** Whether the split was set by the current owner (the market pays only such a split). */
  splitCurrent: boolean;
  /** Whether the market has the model's record (a registration while no market was wired has none until `resync`). */
  synced: boolean;
  pending: bigint;
}

async function loadModel(chain: Chain, caller: string, id: bigint): Promise<ModelInfo | undefined> {
  const { registry, market } = chain.contracts;
  const model = await read(chain, caller, call(registry, 'model', [id]));
  if (!model) return undefined;
  const [ownerEpoch, split, state, pending] = await Promise.all([
    read(chain, caller, call(registry, 'ownerEpoch', [id])),
    read(chain, caller, call(market, 'splitOf', [id])),
    read(chain, caller, call(market, 'model', [id])),
    read(chain, caller, call(market, 'pendingOf', [id])),
  ]);
  return { model, ownerEpoch, split, splitCurrent: state !== undefined && splitApplies(state), synced: state !== undefined, pending };
}

const STATUS_TEXT: Record<ModelStatus, string> = {
  Active: 'active: licenses are sold',
  Deprecated: 'deprecated: no new licenses',
  Disputed: 'disputed: an arbiter upheld a claim; no new licenses, versions or derivatives',
};

function ModelCard({ id, names, onTransferred }: { id: bigint; names: Map<string, string>; onTransferred: (to: string) => void }) {
  const chain = useConnectedChain();
  const [info, setInfo] = useState<ModelInfo | null>();
  const [error, setError] = useState<string>();
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);
  const caller = useReader();

  useEffect(() => {
    let live = true;
    loadModel(chain, caller, id).then(
      (loaded) => live && setInfo(loaded ?? null),
      (e: unknown) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [chain, caller, id, version]);

  const testid = `model-${id}`;
  if (error) return <p className="error" data-testid={`${testid}-error`}>Model {id.toString()}: {error}</p>;
  if (info === undefined) return <article className="card" data-testid={testid}>Loading model {id.toString()}…</article>;
  if (info === null) return <article className="card" data-testid={testid}>Model {id.toString()} does not exist.</article>;
  const { model } = info;
  const units = chain.units;

  return (
    <article className="card" data-testid={testid} data-status={model.status} aria-labelledby={`${testid}-title`}>
      <h3 id={`${testid}-title`}>
        Model {id.toString()}: {model.name} <span className="muted">{model.version}</span>
      </h3>
      <dl className="facts">
        <dt>Status</dt>
        <dd data-testid={`${testid}-status`} data-status={model.status}>
          {STATUS_TEXT[model.status]}
          {model.openDisputes > 0 && ` · ${model.openDisputes} open dispute${model.openDisputes === 1 ? '' : 's'}`}
        </dd>
        <dt>Metadata URI</dt>
        <dd data-testid={`${testid}-uri`}>
          {model.uri} {model.metadataFrozen && <span className="badge" data-testid={`${testid}-frozen`}>frozen</span>}
        </dd>
        <dt>Content root</dt>
        <dd>
          <code>{model.hash}</code>
        </dd>
        <dt>Registered</dt>
        <dd>
          {formatTimestamp(model.registeredAt)} by <Account account={model.registrant} units={units} names={names} />
        </dd>
        {model.previousVersion !== undefined && (
          <>
            <dt>Previous version</dt>
            <dd>model {model.previousVersion.toString()}</dd>
          </>
        )}
        <dt>Owner epoch</dt>
        <dd title="One more with every transfer of the token; grants of a previous owner lapse.">{info.ownerEpoch}</dd>
        <dt>Parents</dt>
        <dd data-testid={`${testid}-parents`}>
          {model.parents.length === 0
            ? 'none: an original'
            : model.parents.map((p: ParentLink) => `model ${p.model} (${p.relation}, ${formatBps(p.royaltyBps)})`).join('; ')}
        </dd>
        <dt>Obligations</dt>
        <dd data-testid={`${testid}-obligations`}>
          {model.obligations.length === 0
            ? 'none: every sale is yours (or your split\'s)'
            : `of every sale, ${model.obligations.map((o) => `${formatBps(o.bps)} to model ${o.ancestor}`).join(', ')}`}
        </dd>
        <dt>Split</dt>
        <dd data-testid={`${testid}-split`}>
          {!info.synced && <strong>The market has no record of this model yet: the registry's resync passes it on. </strong>}
          {!info.split ? (
            <>
              none: what the model keeps is yours, collected by your withdrawals · its round holds{' '}
              <Amount value={info.pending} units={units} testid={`${testid}-split-pending`} />
            </>
          ) : (
            <>
              {!info.splitCurrent && <strong>Set by a previous owner; it receives nothing new. </strong>}
              {info.split.map((r, i) => (
                <span key={i} className="split-entry">
                  <Account account={r.account} units={units} names={names} /> {formatPpm(r.share)} ({r.share} ppm)
                </span>
              ))}{' '}
              · held for its round: <Amount value={info.pending} units={units} testid={`${testid}-split-pending`} />
            </>
          )}
        </dd>
      </dl>
      <ModelSales model={id} testid={testid} />

      <details>
        <summary data-testid={`${testid}-manage`}>Manage model {id.toString()}</summary>
        <MetadataForms id={id} info={info} onChanged={refresh} />
        <ApproveDerivative id={id} />
        <TransferToken id={id} onTransferred={onTransferred} />
        <SplitEditor id={id} info={info} onChanged={refresh} />
      </details>
    </article>
  );
}

function MetadataForms({ id, info, onChanged }: { id: bigint; info: ModelInfo; onChanged: () => void }) {
  const chain = useConnectedChain();
  const registry = chain.contracts.registry;
  const [uri, setUri] = useState(info.model.uri);
  // The status to set: by default the other one (a disputed model's status is the arbiter's).
  const other = info.model.status === 'Deprecated' ? 'Active' : 'Deprecated';
  const [status, setStatus] = useState<'Active' | 'Deprecated'>(other);
  useEffect(() => setStatus(other), [other]);
  const t = `model-${id}`;
  return (
    <div className="subsection">
      <h4>Metadata and status</h4>
      {info.model.metadataFrozen ? (
        <p className="hint">The metadata is frozen: the URI can no longer change.</p>
      ) : (
        <>
          <Field label="Metadata URI" value={uri} onChange={setUri} testid={`${t}-uri-input`} hint="At most 256 bytes." />
          <TxPanel testid={`${t}-set-uri`} title="Set the URI" inputKey={uri} build={() => call(registry, 'setUri', [id, uri])} onDone={onChanged} />
          <TxPanel testid={`${t}-freeze`} title="Freeze the metadata for good" build={() => call(registry, 'freezeMetadata', [id])} onDone={onChanged} />
        </>
      )}
      <Select
        label="Status"
        value={status}
        options={[
          { value: 'Active', label: 'Active: licenses are sold' },
          { value: 'Deprecated', label: 'Deprecated: no new licenses' },
        ]}
        onChange={setStatus}
        testid={`${t}-status-input`}
      />
      <TxPanel testid={`${t}-set-status`} title="Set the status" inputKey={status} build={() => call(registry, 'setStatus', [id, status])} onDone={onChanged} />
    </div>
  );
}

function ApproveDerivative({ id }: { id: bigint }) {
  const chain = useConnectedChain();
  const { account } = useChain();
  const registry = chain.contracts.registry;
  const [who, setWho] = useState('');
  const [bps, setBps] = useState('');
  const [current, setCurrent] = useState<string>();
  const t = `model-${id}`;
  const whoProblem = who.trim() ? accountProblem(who.trim()) : undefined;
  // Optional: empty approves without a royalty (`None`).
  const royalty = bps.trim() === '' ? { value: undefined } : parseBps(bps, 'A royalty');

  const lookUp = async () => {
    if (!who.trim() || whoProblem) return;
    try {
      const approval = await read(chain, account?.address ?? NOBODY, call(registry, 'derivativeApproval', [id, who.trim()]));
      setCurrent(approval === undefined ? 'No approval of this account is pending.' : `Approved, owing ${formatBps(approval)} to this model.`);
    } catch (e) {
      setCurrent(errorText(e));
    }
  };

  return (
    <div className="subsection">
      <h4>Derivative approval</h4>
      <p className="hint">Lets one account register one derivative of this model, owing it the royalty you set (none: it owes nothing).</p>
      <Field label="Account" value={who} onChange={setWho} testid={`${t}-approve-account`} error={whoProblem} />
      <Field label="Royalty (basis points, optional)" value={bps} onChange={setBps} testid={`${t}-approve-bps`} hint="100 bps = 1 %." error={fieldError(bps, royalty)} />
      <TxPanel
        testid={`${t}-approve`}
        title="Approve the derivative"
        inputKey={`${who}|${bps}`}
        build={() => {
          if (!who.trim() || whoProblem) return whoProblem ?? 'Enter the account to approve.';
          if ('error' in royalty) return royalty.error;
          return call(registry, 'approveDerivative', [id, who.trim(), royalty.value]);
        }}
        onDone={() => void lookUp()}
      />
      <button type="button" onClick={() => void lookUp()} disabled={!who.trim() || Boolean(whoProblem)} data-testid={`${t}-approval-lookup`}>
        Look up this account's approval
      </button>
      {current && <p data-testid={`${t}-approval`}>{current}</p>}
    </div>
  );
}

function TransferToken({ id, onTransferred }: { id: bigint; onTransferred: (to: string) => void }) {
  const chain = useConnectedChain();
  const [to, setTo] = useState('');
  const t = `model-${id}`;
  const problem = to.trim() ? accountProblem(to.trim()) : undefined;
  return (
    <div className="subsection">
      <h4>Transfer the token</h4>
      <p className="hint">
        The new owner gets every right that follows the owner: prices, splits, approvals. Your offers, split and approvals lapse; licenses already sold
        stay valid. What the model earned so far is settled to you (or your split) in the same transaction and stays yours to withdraw.
      </p>
      <Field label="New owner" value={to} onChange={setTo} testid={`${t}-transfer-to`} error={problem} />
      <TxPanel
        testid={`${t}-transfer`}
        title="Transfer model token"
        inputKey={to}
        build={() => (!to.trim() || problem ? (problem ?? 'Enter the new owner.') : call(chain.contracts.registry, 'psp34Transfer', [to.trim(), { type: 'U64', value: id }, '0x']))}
        onDone={() => onTransferred(to.trim())}
      />
    </div>
  );
}

function SplitEditor({ id, info, onChanged }: { id: bigint; info: ModelInfo; onChanged: () => void }) {
  const chain = useConnectedChain();
  const { account } = useChain();
  const market = chain.contracts.market;
  const initial: ShareRow[] =
    info.split?.map((r) => ({ account: r.account.address(chain.units.ss58Prefix), share: String(r.share) })) ??
    (account ? [{ account: account.address, share: String(SHARE_SCALE) }] : []);
  const [rows, setRows] = useState<ShareRow[]>(initial);
  const t = `model-${id}`;
  const parsed = parseSplit(rows);
  // The running total counts the shares that parse; parseSplit names the others.
  const total = rows.reduce((sum, r) => sum + (valueOf(parsePpm(r.share, 'A share')) ?? 0), 0);
  const setRow = (i: number, change: Partial<ShareRow>) => setRows((all) => all.map((r, j) => (j === i ? { ...r, ...change } : r)));

  return (
    <div className="subsection" data-testid={`${t}-split-editor`}>
      <h4>Royalty split</h4>
      <p className="hint">
        Shares in parts per million (ppm) of what the model keeps after its ancestors' shares, adding up to exactly 1 000 000. Each recipient must
        accept before its withdrawals take its part; until then anyone's <code>distribute</code> moves its part to its owed balance.
      </p>
      {rows.map((row, i) => {
        const share = parsePpm(row.share, 'A share');
        return (
          <div className="row" key={i}>
            <Field label={`Recipient ${i + 1}`} value={row.account} onChange={(v) => setRow(i, { account: v })} testid={`${t}-split-account-${i}`} />
            <Field
              label="Share (ppm)"
              value={row.share}
              onChange={(v) => setRow(i, { share: v })}
              testid={`${t}-split-share-${i}`}
              hint={'value' in share ? formatPpm(share.value) : undefined}
              error={fieldError(row.share, share)}
            />
            <button type="button" onClick={() => setRows((all) => all.filter((_, j) => j !== i))} data-testid={`${t}-split-remove-${i}`}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" onClick={() => setRows((all) => [...all, { account: '', share: '' }])} data-testid={`${t}-split-add`}>
        Add a recipient
      </button>
      <p data-testid={`${t}-split-total`} data-total={total}>
        Total: {total} ppm ({formatPpm(total)}){'error' in parsed && <span className="error"> · {parsed.error}</span>}
      </p>
      <TxPanel
        testid={`${t}-set-split`}
        title="Set the split"
        inputKey={JSON.stringify(rows)}
        build={() => ('error' in parsed ? parsed.error : call(market, 'setSplit', [id, parsed.recipients]))}
        onDone={onChanged}
      />
      {info.split && <TxPanel testid={`${t}-clear-split`} title="Clear the split" build={() => call(market, 'clearSplit', [id])} onDone={onChanged} />}
    </div>
  );
}

/** How far back the invitation scan looks without an index: the market lists accepted splits only. */
const SCAN = 100;

type Membership = { id: bigint; share: number; accepted: boolean };

/**
 * The models whose split may list `me`: with an index, every split it recorded naming the
 * account; without one, the latest SCAN models (the market lists the splits an account
 * accepted, `memberships_of`, not those that merely list it; older models can be checked by
 * id).
 */
async function candidateModels(chain: Chain, me: string, fromIndex: (() => Promise<bigint[]>) | undefined): Promise<bigint[]> {
  if (fromIndex) return fromIndex();
  const total = await read(chain, me, call(chain.contracts.registry, 'psp34TotalSupply', []));
  const ids: bigint[] = [];
  for (let id = total; id >= 1n && id > total - BigInt(SCAN); id -= 1n) ids.push(id);
  return ids;
}

/**
 * Splits that list the connected account. Where they are found (candidateModels) is only
 * discovery: each split and whether the account accepted it are read from the market.
 */
function Invitations() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const { source, client, markUnreachable } = useIndex();
  const [memberships, setMemberships] = useState<Membership[]>();
  const [version, setVersion] = useState(0);
  const [extra, setExtra] = useState('');
  const extraId = parseModelId(extra);
  const [extraIds, setExtraIds] = useState<bigint[]>([]);
  const [acceptedHere, setAcceptedHere] = useState<bigint[]>([]);
  const refresh = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    if (!account || source === undefined) return;
    let live = true;
    const me = account.address;
    const fromIndex = client && (async () => (await client.splits(me)).map((m) => m.model));
    (async () => {
      const [candidates, accepted] = await Promise.all([
        candidateModels(chain, me, fromIndex),
        read(chain, me, call(chain.contracts.market, 'membershipsOf', [me])),
      ]);
      const ids = [...candidates];
      for (const id of [...accepted, ...extraIds]) if (!ids.includes(id)) ids.push(id);
      const splits = await Promise.all(ids.map((id) => read(chain, me, call(chain.contracts.market, 'splitOf', [id]))));
      const found: Membership[] = [];
      ids.forEach((id, i) => {
        // The owner is listed like any recipient and accepts like one.
        const mine = splits[i]?.find((r) => r.account.eq(me));
        if (mine) found.push({ id, share: mine.share, accepted: accepted.includes(id) });
      });
      if (live) setMemberships(found);
    })().catch((error: unknown) => {
      // An index that stopped answering: the chain's scan takes over.
      if (error instanceof IndexError && error.unreachable) markUnreachable(error);
      if (live) setMemberships([]);
    });
    return () => {
      live = false;
    };
  }, [chain, account, version, extraIds, source, client, markUnreachable]);

  if (!account) return null;
  return (
    <section aria-labelledby="invitations-heading" data-testid="invitations">
      <h2 id="invitations-heading">Splits that list you</h2>
      <p className="hint">
        Accepting makes your withdrawals take your part of the split; leaving keeps what you earned so far and passes your entry to the owner.
      </p>
      <button type="button" onClick={refresh} data-testid="invitations-refresh">
        Look again
      </button>
      {memberships === undefined && <p>{client ? 'Looking through the index…' : `Looking through the latest ${SCAN} models…`}</p>}
      {memberships?.length === 0 && (
        <p data-testid="invitations-none">{client ? 'No split lists this account.' : `No split of the latest ${SCAN} models lists this account.`}</p>
      )}
      {memberships?.map((m) => (
        <div className="card" key={m.id.toString()} data-testid={`invitation-${m.id}`} data-accepted={m.accepted ? 'yes' : 'no'}>
          <p>
            Model {m.id.toString()}: your share is {formatPpm(m.share)} ({m.share} ppm), {m.accepted ? 'accepted' : 'not accepted yet'}.
          </p>
          {(!m.accepted || acceptedHere.includes(m.id)) && (
            <TxPanel
              testid={`accept-split-${m.id}`}
              title="Accept the split"
              build={() => call(chain.contracts.market, 'acceptSplit', [m.id])}
              onDone={() => {
                // Keep the panel (and its outcome) after the list shows the split as accepted.
                setAcceptedHere((ids) => [...ids, m.id]);
                refresh();
              }}
            />
          )}
          <TxPanel testid={`leave-split-${m.id}`} title="Leave the split" build={() => call(chain.contracts.market, 'leaveSplit', [m.id])} onDone={refresh} />
        </div>
      ))}
      <div className="row">
        <Field label="Check an older model (id)" value={extra} onChange={setExtra} testid="invitations-model" error={fieldError(extra, extraId)} />
        <button
          type="button"
          disabled={'error' in extraId}
          onClick={() => {
            if ('value' in extraId) setExtraIds((ids) => [...ids, extraId.value]);
          }}
          data-testid="invitations-check"
        >
          Check
        </button>
      </div>
    </section>
  );
}

/** Derivative approvals addressed to the connected account, declined by parent id. */
function ApprovalsToMe() {
  const chain = useConnectedChain();
  const { account } = useChain();
  const [parent, setParent] = useState('');
  const [approval, setApproval] = useState<string>();
  const parsedParent = parseModelId(parent, 'A parent model id');
  const parentId = valueOf(parsedParent);
  useEffect(() => {
    setApproval(undefined);
    if (!account || parentId === undefined) return;
    let live = true;
    read(chain, account.address, call(chain.contracts.registry, 'derivativeApproval', [parentId, account.address])).then(
      (bps) => live && setApproval(bps === undefined ? 'None is addressed to you (or it was granted by a previous owner).' : `Approved: your derivative would owe ${formatBps(bps)}.`),
      (e: unknown) => live && setApproval(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [chain, account, parentId]);
  if (!account) return null;
  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">Derivative approvals addressed to you</h2>
      <Field label="Parent model id" value={parent} onChange={setParent} testid="my-approval-parent" error={fieldError(parent, parsedParent)} />
      {approval && <p data-testid="my-approval">{approval}</p>}
      {parentId !== undefined && (
        <TxPanel
          testid="decline-approval"
          title="Decline the approval"
          inputKey={parent}
          build={() => call(chain.contracts.registry, 'declineDerivativeApproval', [parentId])}
          onDone={() => setParent(parent)}
        />
      )}
    </section>
  );
}
