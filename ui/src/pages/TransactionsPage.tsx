// Transactions: what this browser sent on this deployment (the last 50, kept across
// reloads), newest first, each with its state (waiting for the wallet, sent, in a block,
// refused by the wallet, failed and why, or unknown when the page went away before it was
// settled) and a link to the block explorer the user chose (a URL template, kept in this
// browser).
import { useState } from 'react';
import { useChain } from '../chain/ChainProvider';
import { explorerLink, explorerProblem, loadExplorer, MAX_KEPT, saveExplorer, useSessionTxs, type SessionTx, type SessionTxState } from '../chain/session';
import { deploymentKey } from '../chain/settings';
import { Field } from '../ui/components';

const STATE_TEXT: Record<SessionTxState, string> = {
  signing: 'waiting for your wallet to sign',
  submitted: 'sent, waiting for a block',
  'in-block': 'in a block',
  rejected: 'not signed: nothing was sent',
  failed: 'failed',
  unknown: 'status unknown after reload',
};

/** Why a transaction's status is unknown, in words. */
function unknownText(tx: SessionTx): string {
  return tx.lostIn === 'signing'
    ? ': the page was closed or reloaded while your wallet was asked to sign it, so it was most likely never sent; check your balance or the chain'
    : ': it was sent, but the page was closed or reloaded before it reached a block; look it up by its hash in a block explorer';
}

export function TransactionsPage() {
  const { url, settings } = useChain();
  const txs = useSessionTxs(deploymentKey(settings));
  const [template, setTemplate] = useState(() => loadExplorer(localStorage));
  const [saved, setSaved] = useState(template);
  const problem = explorerProblem(template.trim());
  return (
    <>
      <section aria-labelledby="txs-heading">
        <h2 id="txs-heading">Sent from this browser</h2>
        <p className="hint">
          Everything you sign from this app on this deployment is listed here, the last {MAX_KEPT}, kept in this browser across reloads.
        </p>
        {txs.length === 0 ? (
          <p className="hint" data-testid="txs-empty">
            No transaction yet.
          </p>
        ) : (
          <ol className="txs" reversed data-testid="txs-list" data-count={txs.length}>
            {[...txs].reverse().map((tx) => {
              const link = explorerLink(saved, tx, url ?? '');
              return (
                <li key={tx.id} data-testid={`tx-${tx.id}`} data-state={tx.state} data-block={tx.block ?? ''} data-tx-hash={tx.txHash ?? ''}>
                  <strong>{tx.label}</strong>, {new Date(tx.at).toLocaleString()}: <span data-testid={`tx-${tx.id}-state`}>{STATE_TEXT[tx.state]}</span>
                  {tx.block !== undefined && <> (block #{tx.block})</>}
                  {tx.state === 'unknown' && <span className="warn">{unknownText(tx)}</span>}
                  {tx.error && <span className="error">: {tx.error}</span>}
                  {tx.txHash && tx.state !== 'in-block' && (
                    <>
                      {' '}
                      (transaction <code data-testid={`tx-${tx.id}-hash`}>{tx.txHash}</code>)
                    </>
                  )}
                  {link && (
                    <>
                      {' '}
                      <a href={link} target="_blank" rel="noreferrer" data-testid={`tx-${tx.id}-explorer`}>
                        in the block explorer
                      </a>
                    </>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </section>
      <section aria-labelledby="explorer-heading">
        <h2 id="explorer-heading">Block explorer</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (problem) return;
            saveExplorer(localStorage, template.trim());
            setSaved(template.trim());
          }}
        >
          <Field
            label="Explorer link (optional)"
            value={template}
            onChange={setTemplate}
            testid="explorer-template"
            placeholder="https://explorer.example/block/{block}"
            hint="A link to a block in your chain's explorer, with {block}, {blockHash} or {txHash} where the explorer expects them ({node}: the node's address)."
            error={problem}
          />
          <button type="submit" disabled={Boolean(problem)} data-testid="explorer-save">
            Save
          </button>
        </form>
      </section>
    </>
  );
}
