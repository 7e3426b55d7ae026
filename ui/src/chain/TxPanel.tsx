// The write helper's face: every page's transactions render through this, so
// every write shows the same dry-run preview (fee, storage deposit, or the
// contract's refusal in words), the same confirm button and the same outcome.
//
//   <TxPanel testid="buy" title="Buy this license"
//            build={() => call(chain.contracts.market, 'buy', [model, offer, max], { value: price })}
//            onDone={(outcome) => reload()} />
//
// Test ids (prefix = `testid`): -dry-run, -input-error, -preview, -fee, -deposit,
// -refusal, -send, -status, -outcome, -error; amounts carry their exact units in
// `data-units` so tests compare them with the contracts to the unit.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useChain, useSigner } from './ChainProvider';
import type { Chain } from './connection';
import { formatBalance, type Units } from './format';
import { dryRun, submit, TxError, type Call, type Outcome, type Preview, type TxStatus } from './tx';
import { errorText } from './wallet';
import { recordTx, updateTx } from './session';
import { deploymentKey } from './settings';

export type TxState =
  | { phase: 'idle' }
  | { phase: 'dry-running' }
  | { phase: 'previewed'; preview: Preview }
  | { phase: 'sending'; preview: Preview; status: TxStatus }
  | { phase: 'done'; preview: Preview; outcome: Outcome }
  | { phase: 'failed'; preview?: Preview; message: string; kind: 'input' | 'rejected' | 'pool' | 'failed' | 'error'; outcome?: Outcome };

/** The state machine behind a TxPanel, for pages that drive a flow themselves (registration). */
export function useTx(chain: Chain | undefined) {
  const signer = useSigner();
  // The list of transactions is kept per deployment (session.ts).
  const network = deploymentKey(useChain().settings);
  const [state, setState] = useState<TxState>({ phase: 'idle' });
  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  /** Dry-runs `c` as the connected account; resolves with the preview (also kept in state). */
  const check = useCallback(
    async (c: Call): Promise<Preview | undefined> => {
      if (!chain || !signer) {
        setState({ phase: 'failed', kind: 'input', message: 'Connect a wallet and choose an account first (Connect page).' });
        return undefined;
      }
      setState({ phase: 'dry-running' });
      try {
        const preview = await dryRun(chain, signer.address, c);
        setState({ phase: 'previewed', preview });
        return preview;
      } catch (error) {
        setState({ phase: 'failed', kind: 'error', message: `The dry run failed: ${errorText(error)}` });
        return undefined;
      }
    },
    [chain, signer],
  );

  /** Shows a preview made elsewhere (e.g. `previewWithoutDryRun`). */
  const show = useCallback((preview: Preview) => setState({ phase: 'previewed', preview }), []);

  /** Signs and sends `preview`; resolves with the outcome, or undefined when it failed (state says why). */
  const send = useCallback(
    async (preview: Preview): Promise<Outcome | undefined> => {
      if (!chain || !signer) {
        setState({ phase: 'failed', preview, kind: 'input', message: 'Connect a wallet and choose an account first (Connect page).' });
        return undefined;
      }
      setState({ phase: 'sending', preview, status: 'signing' });
      // Every write goes into the session's list (session.ts) as well as its own panel.
      const contract = chain.contracts.nameAt(preview.call.contract.address) ?? 'contract';
      const logged = recordTx(network, `${contract}: ${preview.call.message}`, signer.address);
      try {
        const outcome = await submit(chain, signer.address, signer.signer, preview, (status, txHash) => {
          updateTx(network, logged, txHash === undefined ? { state: status } : { state: status, txHash });
          setState({ phase: 'sending', preview, status });
        });
        updateTx(network, logged, { state: 'in-block', block: outcome.blockNumber, blockHash: outcome.blockHash, txHash: outcome.txHash });
        setState({ phase: 'done', preview, outcome });
        return outcome;
      } catch (error) {
        const outcome = error instanceof TxError ? error.outcome : undefined;
        updateTx(network, logged, {
          state: error instanceof TxError && error.kind === 'rejected' ? 'rejected' : 'failed',
          error: error instanceof Error ? error.message : errorText(error),
          ...(outcome ? { block: outcome.blockNumber, blockHash: outcome.blockHash, txHash: outcome.txHash } : {}),
        });
        if (error instanceof TxError) {
          setState({ phase: 'failed', preview, kind: error.kind, message: error.message, outcome: error.outcome });
        } else {
          setState({ phase: 'failed', preview, kind: 'error', message: errorText(error) });
        }
        return undefined;
      }
    },
    [chain, signer, network],
  );

  return { state, check, show, send, reset, setState };
}

export interface TxPanelProps {
  testid: string;
  /** The button's words, e.g. "Buy license". */
  title: string;
  /** The call to make from the page's inputs, or a sentence saying what is wrong with them. */
  build: () => Call | string;
  /** Changes whenever the inputs change: a preview of other inputs is dropped (an outcome is kept). */
  inputKey?: string;
  onDone?: (outcome: Outcome, preview: Preview) => void;
  /** What the accepted dry run returns, in words (e.g. "model 3"). */
  describeOutput?: (output: unknown) => ReactNode;
  /** What the outcome means, in words (e.g. "License 4 is yours"). */
  describeOutcome?: (outcome: Outcome) => ReactNode;
}

export function TxPanel({ testid, title, build, inputKey, onDone, describeOutput, describeOutcome }: TxPanelProps) {
  const { connection, account } = useChain();
  const chain = connection.status === 'connected' ? connection.chain : undefined;
  const tx = useTx(chain);
  const { setState } = tx;
  // Changed inputs (or another account) make a preview stale; an outcome stays
  // readable (a page often reloads what the transaction changed, which changes
  // the inputs) until the next check.
  useEffect(
    () => setState((s) => (s.phase === 'done' || s.phase === 'sending' ? s : { phase: 'idle' })),
    [inputKey, account?.address, setState],
  );

  const onCheck = () => {
    const built = build();
    if (typeof built === 'string') tx.setState({ phase: 'failed', kind: 'input', message: built });
    else void tx.check(built);
  };
  const onSend = async (preview: Preview) => {
    const outcome = await tx.send(preview);
    if (outcome) onDone?.(outcome, preview);
  };
  const busy = tx.state.phase === 'dry-running' || tx.state.phase === 'sending';

  return (
    <section className="tx" aria-label={title} data-testid={testid}>
      <button type="button" onClick={onCheck} disabled={busy || !chain} data-testid={`${testid}-dry-run`}>
        {title}: check
      </button>
      <TxView testid={testid} state={tx.state} units={chain?.units} describeOutput={describeOutput} describeOutcome={describeOutcome} onSend={onSend} sendLabel={title} />
    </section>
  );
}

/** Renders a TxState: the preview with its confirm button, progress, outcome or error. */
export function TxView({
  testid,
  state,
  units,
  onSend,
  sendLabel,
  describeOutput,
  describeOutcome,
}: {
  testid: string;
  state: TxState;
  units?: Units;
  onSend?: (preview: Preview) => void;
  sendLabel: string;
  describeOutput?: (output: unknown) => ReactNode;
  describeOutcome?: (outcome: Outcome) => ReactNode;
}) {
  if (state.phase === 'idle' || !units) return null;
  if (state.phase === 'dry-running') {
    return <p className="tx-status" data-testid={`${testid}-status`}>Dry-running…</p>;
  }
  const preview = 'preview' in state ? state.preview : undefined;
  return (
    <div className="tx-body">
      {preview && <PreviewView testid={testid} preview={preview} units={units} describeOutput={describeOutput} />}
      {state.phase === 'previewed' && !state.preview.refusal && onSend && (
        <button type="button" className="primary" onClick={() => onSend(state.preview)} data-testid={`${testid}-send`}>
          {sendLabel}: sign and send
        </button>
      )}
      {state.phase === 'sending' && (
        <p className="tx-status" role="status" data-testid={`${testid}-status`} data-status={state.status}>
          {state.status === 'signing' ? 'Waiting for your wallet to sign…' : state.status === 'submitted' ? 'Sent; waiting for a block…' : 'In a block.'}
        </p>
      )}
      {state.phase === 'done' && <OutcomeView testid={testid} outcome={state.outcome} units={units} describe={describeOutcome} />}
      {state.phase === 'failed' && (
        <p className="error" role="alert" data-testid={`${testid}-${state.kind === 'input' ? 'input-error' : 'error'}`} data-kind={state.kind}>
          {state.message}
        </p>
      )}
    </div>
  );
}

export function PreviewView({
  testid,
  preview,
  units,
  describeOutput,
}: {
  testid: string;
  preview: Preview;
  units: Units;
  describeOutput?: (output: unknown) => ReactNode;
}) {
  const deposit = preview.storageDeposit;
  return (
    <dl className="preview" data-testid={`${testid}-preview`}>
      {preview.call.value > 0n && (
        <>
          <dt>Pays</dt>
          <dd data-testid={`${testid}-value`} data-units={preview.call.value.toString()}>
            {formatBalance(preview.call.value, units)}
          </dd>
        </>
      )}
      {preview.refusal ? (
        <>
          <dt>Refused</dt>
          <dd className="error" data-testid={`${testid}-refusal`} data-error={preview.refusal.errorType}>
            {preview.refusal.message} Nothing was sent.
          </dd>
        </>
      ) : (
        <>
          {preview.fee !== undefined && (
            <>
              <dt>Estimated fee</dt>
              <dd data-testid={`${testid}-fee`} data-units={preview.fee.toString()}>
                {formatBalance(preview.fee, units)}
              </dd>
            </>
          )}
          <dt>Storage deposit</dt>
          <dd data-testid={`${testid}-deposit`} data-kind={deposit?.type ?? 'unknown'} data-units={deposit?.value.toString() ?? ''}>
            {deposit === undefined
              ? 'not known before it runs'
              : deposit.value === 0n
                ? 'none'
                : deposit.type === 'Charge'
                  ? `${formatBalance(deposit.value, units)} held from your balance`
                  : `${formatBalance(deposit.value, units)} returned to you`}
          </dd>
          {describeOutput && preview.output !== undefined && (
            <>
              <dt>Result</dt>
              <dd data-testid={`${testid}-output`}>{describeOutput(preview.output)}</dd>
            </>
          )}
        </>
      )}
      {preview.note && (
        <>
          <dt>Note</dt>
          <dd data-testid={`${testid}-note`}>{preview.note}</dd>
        </>
      )}
    </dl>
  );
}

export function OutcomeView({
  testid,
  outcome,
  units,
  describe,
}: {
  testid: string;
  outcome: Outcome;
  units: Units;
  describe?: (outcome: Outcome) => ReactNode;
}) {
  return (
    <div className="outcome" role="status" data-testid={`${testid}-outcome`} data-block={outcome.blockNumber}>
      <p>
        Done in block #{outcome.blockNumber}.
        {outcome.feePaid !== undefined && (
          <>
            {' '}Fee paid: <span data-testid={`${testid}-fee-paid`} data-units={outcome.feePaid.toString()}>{formatBalance(outcome.feePaid, units)}</span>.
          </>
        )}
        {outcome.depositHeld > 0n && (
          <>
            {' '}Deposit held: <span data-testid={`${testid}-deposit-held`} data-units={outcome.depositHeld.toString()}>{formatBalance(outcome.depositHeld, units)}</span>.
          </>
        )}
        {outcome.depositReleased > 0n && (
          <>
            {' '}Deposit returned: <span data-testid={`${testid}-deposit-released`} data-units={outcome.depositReleased.toString()}>{formatBalance(outcome.depositReleased, units)}</span>.
          </>
        )}
      </p>
      {describe && <p data-testid={`${testid}-result`}>{describe(outcome)}</p>}
      {outcome.events.length > 0 && (
        <ul className="events" data-testid={`${testid}-events`}>
          {outcome.events.map((event, i) => (
            <li key={i}>
              {event.contract}: <strong>{event.name}</strong>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
