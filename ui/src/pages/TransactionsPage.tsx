// Transactions: what this session sent, newest first, each with its state (waiting for the
// wallet, sent, in a block, refused by the wallet, failed and why) and, once in a block, a
// link to the block explorer the user chose (a URL template, kept in this browser).
import { useState } from 'react';
import { useChain } from '../chain/ChainProvider';
import { explorerLink, explorerProblem, loadExplorer, saveExplorer, useSessionTxs, type SessionTxState } from '../chain/session';
import { Field } from '../ui/components';

const STATE_TEXT: Record<SessionTxState, string> = {
  signing: 'waiting for your wallet to sign',
  submitted: 'sent, waiting for a block',
  'in-block': 'in a block',
  rejected: 'not signed: nothing was sent',
  failed: 'failed',
};

export function TransactionsPage() {
  const txs = useSessionTxs();
  const { url } = useChain();
  const [template, setTemplate] = useState(() => loadExplorer(localStorage));
  const [saved, setSaved] = useState(template);
  const problem = explorerProblem(template.trim());
  return (
    <>
      <section aria-labelledby="txs-heading">
        <h2 id="txs-heading">This session</h2>
        {txs.length === 0 ? (
          <p className="hint" data-testid="txs-empty">
            No transaction yet in this session. Everything you sign from this app is listed here until you close or reload the page.
          </p>
        ) : (
          <ol className="txs" reversed data-testid="txs-list" data-count={txs.length}>
            {[...txs].reverse().map((tx) => {
              const link = explorerLink(saved, tx, url ?? '');
              return (
                <li key={tx.id} data-testid={`tx-${tx.id}`} data-state={tx.state} data-block={tx.block ?? ''}>
                  <strong>{tx.label}</strong>, {new Date(tx.at).toLocaleTimeString()}: <span data-testid={`tx-${tx.id}-state`}>{STATE_TEXT[tx.state]}</span>
                  {tx.block !== undefined && <> (block #{tx.block})</>}
                  {tx.error && <span className="error">: {tx.error}</span>}
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
