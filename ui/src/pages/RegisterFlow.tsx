// Register, part 3: the one Register action. It commits to sha256(root ‖ account ‖ salt)
// (first signature), shows the blocks left until the registry's commit window opens, then
// reveals (second signature); the model id comes from the ModelRegistered event. Mirrors
// `modelmint register`: on a chain that seals a block per transaction the reveal cannot be
// dry-run before its block, so it is sent with a fixed gas limit (previewWithoutDryRun).
//
// The salt and the commitment are in the draft (chain/draft.ts) before the wallet is asked
// to sign; after a reload the chain is asked where the commitment stands (committed in
// which block, already registered, or not there), and the same button continues. The
// reveal's signature is asked for by itself only after a click in this visit: a wallet
// window never opens on a page load.
import { useCallback, useEffect, useRef, useState, type MutableRefObject } from 'react';
import { connectionProblem, RequireChain, useChain, useConnectedChain } from '../chain/ChainProvider';
import { NOBODY } from '../chain/contracts';
import { deploymentKey } from '../chain/settings';
import { blocksLeft, commitmentExpired, parseLineage, type RegisterDraft } from '../chain/draft';
import type { RegistryError } from '../chain/errors';
import { hex } from '../chain/format';
import {
  draftProblem,
  dropPending,
  hexToBytes,
  loadPending,
  randomSalt,
  registrationCommitment,
  REGISTER_GAS_LIMIT,
  savePending,
  type PendingRegistration,
} from '../chain/registration';
import { call, dryRun, previewWithoutDryRun, read } from '../chain/tx';
import { TxPanel, TxView, useTx } from '../chain/TxPanel';
import { errorText } from '../chain/wallet';

export interface FlowProps {
  draft: RegisterDraft;
  /** The latest draft, for async steps that outlive a render. */
  current: MutableRefObject<RegisterDraft>;
  update(change: Partial<RegisterDraft>): void;
  discard(): void;
}

export function RegisterFlow(props: FlowProps) {
  const value = useChain();
  const problem = connectionProblem(value);
  return (
    <section aria-labelledby="flow-heading" data-testid="register-flow">
      <h2 id="flow-heading">3. Register on the chain</h2>
      {problem ? (
        <div className="notice" role="status" data-testid="register-offline">
          <p>
            Registering needs a connection to the chain, and there is none yet: {problem} The files, the file list and the manifest export above work
            without it, and what you typed is kept in this browser.
          </p>
          <p>
            Choose a network on the <a href="#/connect">Connect</a> page.
          </p>
        </div>
      ) : (
        <RequireChain contracts={['registry']}>
          <Flow {...props} />
        </RequireChain>
      )}
    </section>
  );
}

/** What stops a commitment now, in words; undefined when nothing does. */
function commitProblem(d: RegisterDraft, account: string | undefined, existing: bigint | undefined): string | undefined {
  if (!account) return 'Connect a wallet and choose an account first (Connect page).';
  if (!d.root) return 'Choose a model folder or file, or import a manifest, first.';
  if (existing !== undefined) return `This content root is already registered, as model ${existing}.`;
  const lineage = parseLineage(d.previous, d.parents, d.datasets, d.kind);
  return draftProblem(d) ?? (typeof lineage === 'string' ? lineage : undefined);
}

function Flow({ draft, current, update, discard }: FlowProps) {
  const chain = useConnectedChain();
  const { account, settings, bestBlock } = useChain();
  const registry = chain.contracts.registry;
  const window = chain.deployment.commit_window;
  const commitTx = useTx(chain);
  const revealTx = useTx(chain);
  // Set by a click on Register in this visit: go on from the commit to the reveal by itself.
  const [auto, setAuto] = useState(false);
  const [registered, setRegistered] = useState<{ model: bigint; kind: RegisterDraft['kind'] }>();
  const existing = useExisting(draft, account?.address);
  const [note, setNote] = useState<string>();
  const busy = useRef(false);

  const finish = useCallback(
    (model: bigint) => {
      const { commitment, kind } = current.current;
      if (commitment) dropPending(localStorage, commitment);
      discard();
      setAuto(false);
      setRegistered({ model, kind });
    },
    [current, discard],
  );

  /** Where the draft's commitment stands on the chain: in a block, used by a registration, or not there. */
  const settle = useCallback(
    async (quiet = false) => {
      const d = current.current;
      if (!d.commitment || !d.registrant || !d.root) return;
      const block = await read(chain, d.registrant, call(registry, 'commitment', [d.registrant, d.commitment]));
      if (block !== undefined) {
        if (d.committedAt !== block) update({ committedAt: block });
        return;
      }
      const model = await read(chain, d.registrant, call(registry, 'modelIdByHash', [`0x${d.root}`]));
      if (model !== undefined) return finish(model);
      // The salt stays: it was never revealed, so it is as secret as a new one.
      update({ commitment: undefined, registrant: undefined, committedAt: undefined });
      if (!quiet) setNote('The commitment is not on this chain (it was never sent, was cancelled, or the chain was reset): Register commits again.');
    },
    [chain, registry, current, update, finish],
  );
  // Once per connection: the page may have been closed at any point of the last visit.
  useEffect(() => {
    if (current.current.commitment) void settle().catch((error: unknown) => setNote(`The commitment could not be checked: ${errorText(error)}`));
  }, [settle, current]);

  const commit = async (d: RegisterDraft, address: string) => {
    const salt = d.salt ?? hex(randomSalt());
    // Stored before anything depends on it (update() writes localStorage at once).
    if (!d.salt) update({ salt });
    const commitment = await registrationCommitment(hexToBytes(d.root as string), address, hexToBytes(salt));
    const preview = await commitTx.check(call(registry, 'commit', [commitment]));
    if (!preview || preview.refusal) return;
    update({ commitment, registrant: address, committedAt: undefined });
    setAuto(true);
    const outcome = await commitTx.send(preview);
    if (!outcome) {
      // Refused by the wallet or the node, or lost on the way: the chain says whether it is there.
      setAuto(false);
      await settle(true);
      return;
    }
    update({ committedAt: outcome.blockNumber });
    // A second copy of the salt, listed below if this draft is ever discarded.
    const pending: PendingRegistration = { network: deploymentKey(settings), registrant: address, root: d.root as string, salt, commitment, committedAt: outcome.blockNumber };
    savePending(localStorage, pending);
  };

  /** The one action: commit if there is no commitment yet, then (or else) go on to the reveal. */
  const register = async () => {
    if (busy.current) return;
    busy.current = true;
    setNote(undefined);
    try {
      const d = current.current;
      if (d.commitment) {
        revealTx.reset();
        setAuto(true);
        if (d.committedAt === undefined) await settle();
        return;
      }
      const problem = commitProblem(d, account?.address, existing);
      if (problem || !account) {
        commitTx.setState({ phase: 'failed', kind: 'input', message: problem ?? 'Choose an account first.' });
        return;
      }
      await commit(d, account.address);
    } catch (error) {
      setNote(errorText(error));
    } finally {
      busy.current = false;
    }
  };

  const reveal = useReveal({ chain, current, revealTx, bestBlock, finish, stop: () => setAuto(false) });
  useEffect(() => {
    if (!auto || draft.committedAt === undefined || bestBlock === undefined || revealTx.state.phase !== 'idle') return;
    if (commitmentExpired(draft.committedAt, window.max_blocks, bestBlock)) return setAuto(false);
    if (blocksLeft(draft.committedAt, window.min_blocks, bestBlock) > 0) return; // again at the next block
    void reveal();
  }, [auto, bestBlock, draft.committedAt, revealTx.state.phase, window, reveal]);

  const committing = commitTx.state.phase === 'dry-running' || commitTx.state.phase === 'sending';
  const revealing = revealTx.state.phase === 'dry-running' || revealTx.state.phase === 'sending';
  const inFlight = committing || revealing || (auto && draft.commitment !== undefined);
  const label = draft.commitment ? 'Register: continue with the reveal' : 'Register';

  return (
    <>
      <FlowIntro draft={draft} window={window} existing={existing} />
      {registered === undefined && (
        <>
          <Steps draft={draft} bestBlock={bestBlock} window={window} revealing={revealing} />
          <button type="button" className="primary" onClick={() => void register()} disabled={inFlight} data-testid="register-submit">
            {inFlight ? 'Registering…' : label}
          </button>
          {!inFlight && (draft.root || draft.name) && (
            <button type="button" onClick={discard} data-testid="register-discard">
              Start over
            </button>
          )}
        </>
      )}
      {note && (
        <p className="notice" role="status" data-testid="register-note">
          {note}
        </p>
      )}
      <TxStates commitTx={commitTx} revealTx={revealTx} />
      {draft.commitment && draft.committedAt !== undefined && bestBlock !== undefined && commitmentExpired(draft.committedAt, window.max_blocks, bestBlock) && (
        <TxPanel
          testid="cancel-draft-commitment"
          title="Cancel the expired commitment"
          build={() => call(registry, 'cancelCommitment', [draft.commitment as `0x${string}`])}
          onDone={() => {
            if (draft.commitment) dropPending(localStorage, draft.commitment);
            update({ commitment: undefined, registrant: undefined, committedAt: undefined, salt: undefined });
          }}
        />
      )}
      {registered !== undefined && <Registered {...registered} again={() => setRegistered(undefined)} />}
      {!draft.commitment && <PendingList account={account?.address} network={deploymentKey(settings)} update={update} />}
    </>
  );
}

/** What Register does, the root it registers, and whether that root is registered already. */
function FlowIntro({ draft, window, existing }: { draft: RegisterDraft; window: { min_blocks: number; max_blocks: number }; existing?: bigint }) {
  return (
    <>
      <p className="hint">
        Registering takes two signatures so nobody can copy the registration from the transaction pool: a commitment to the content root (with a
        secret salt kept in this browser), then, {window.min_blocks} to {window.max_blocks} blocks later, the reveal. Register does both: it commits,
        waits for the blocks, then asks your wallet to sign the reveal.
      </p>
      {draft.root && (
        <p>
          Content root: <code data-testid="register-root">0x{draft.root}</code>
        </p>
      )}
      {existing !== undefined && (
        <p className="notice" data-testid="register-existing" data-model={existing.toString()}>
          This content root is already registered, as model {existing.toString()}: <a href={`#/models`}>see it</a>.
        </p>
      )}
    </>
  );
}

/** Whether the draft's root is registered already: checked before anyone pays for a commitment. */
function useExisting(draft: RegisterDraft, account: string | undefined): bigint | undefined {
  const chain = useConnectedChain();
  const [existing, setExisting] = useState<bigint>();
  useEffect(() => {
    setExisting(undefined);
    if (!draft.root || draft.commitment) return;
    let live = true;
    read(chain, account ?? NOBODY, call(chain.contracts.registry, 'modelIdByHash', [`0x${draft.root}`])).then(
      (id) => live && setExisting(id),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [chain, draft.root, draft.commitment, account]);
  return existing;
}

/** The commit's and the reveal's states (dry run, signing, outcome or error), as every write shows them. */
function TxStates({ commitTx, revealTx }: { commitTx: ReturnType<typeof useTx>; revealTx: ReturnType<typeof useTx> }) {
  const { units } = useConnectedChain();
  return (
    <>
      <div className="tx" data-testid="commit">
        <TxView testid="commit" state={commitTx.state} units={units} sendLabel="Commit" />
      </div>
      <div className="tx" data-testid="reveal">
        <TxView testid="reveal" state={revealTx.state} units={units} sendLabel="Reveal" describeOutput={(id) => `registers model ${String(id)}`} />
      </div>
    </>
  );
}

function Registered({ model, kind, again }: { model: bigint; kind: RegisterDraft['kind']; again(): void }) {
  const noun = kind === 'Dataset' ? 'dataset' : 'model';
  return (
    <div className="notice ok" role="status" data-testid="register-done" data-model={model.toString()} data-kind={kind}>
      <p>
        Registered as {noun} <strong>{model.toString()}</strong>. See it on <a href="#/models">My models</a>.
      </p>
      <button type="button" onClick={again} data-testid="register-again">
        Register another model or dataset
      </button>
    </div>
  );
}

/** The reveal, dry-run (or, right after the commit on a dev chain, previewed blind) and sent. */
function useReveal({
  chain,
  current,
  revealTx,
  bestBlock,
  finish,
  stop,
}: {
  chain: ReturnType<typeof useConnectedChain>;
  current: MutableRefObject<RegisterDraft>;
  revealTx: ReturnType<typeof useTx>;
  bestBlock: number | undefined;
  finish(model: bigint): void;
  stop(): void;
}) {
  const { account } = useChain();
  return useCallback(async () => {
    const d = current.current;
    if (!d.commitment || !d.root || !d.salt || !account) return;
    const fail = (message: string) => {
      revealTx.setState({ phase: 'failed', kind: 'input', message });
      stop();
    };
    if (account.address !== d.registrant) return fail(`The commitment was made from ${d.registrant}: choose that account on the Connect page to reveal it.`);
    const lineage = parseLineage(d.previous, d.parents, d.datasets, d.kind);
    const problem = draftProblem(d) ?? (typeof lineage === 'string' ? lineage : undefined);
    if (problem || typeof lineage === 'string') return fail(problem ?? 'The lineage is not valid.');
    revealTx.setState({ phase: 'dry-running' });
    try {
      const c = call(chain.contracts.registry, 'register', [{ hash: `0x${d.root}`, kind: d.kind, name: d.name, version: d.version, uri: d.uri, ...lineage }, d.salt]);
      let preview = await dryRun(chain, account.address, c);
      const refused = preview.refusal?.errorType === 'RegistryError' ? (preview.refusal.error as RegistryError) : undefined;
      const best = bestBlock ?? 0;
      if (refused?.type === 'CommitmentTooRecent' && refused.value <= best + 1) {
        preview = await previewWithoutDryRun(
          account.address,
          c,
          REGISTER_GAS_LIMIT,
          `The registry accepts the reveal from block ${refused.value} on and the chain is at block ${best}: it goes into the next block. ` +
            'It cannot be dry-run before then, so it is sent with a fixed gas limit (the fee paid is lower: unused gas is refunded) ' +
            'and its storage deposit is known only once it ran.',
        );
      }
      if (preview.refusal) {
        revealTx.show(preview);
        return stop();
      }
      const outcome = await revealTx.send(preview);
      if (!outcome) return stop();
      const model = outcome.events.find((e) => e.contract === 'registry' && e.name === 'ModelRegistered')?.data.model as bigint | undefined;
      if (model === undefined) {
        revealTx.setState({ phase: 'failed', kind: 'failed', message: 'The registration ran but emitted no ModelRegistered event.', outcome });
        return stop();
      }
      finish(model);
    } catch (error) {
      revealTx.setState({ phase: 'failed', kind: 'error', message: `The reveal could not be checked: ${errorText(error)}` });
      stop();
    }
  }, [chain, current, revealTx, bestBlock, finish, stop, account]);
}

/** Commit, wait, reveal, with where the registration is. */
function Steps({
  draft,
  bestBlock,
  window,
  revealing,
}: {
  draft: RegisterDraft;
  bestBlock: number | undefined;
  window: { min_blocks: number; max_blocks: number };
  revealing: boolean;
}) {
  const committed = draft.commitment !== undefined && draft.committedAt !== undefined;
  const left = committed && bestBlock !== undefined ? blocksLeft(draft.committedAt as number, window.min_blocks, bestBlock) : undefined;
  const expired = committed && bestBlock !== undefined && commitmentExpired(draft.committedAt as number, window.max_blocks, bestBlock);
  const at = !committed ? 1 : left !== undefined && left > 0 ? 2 : 3;
  const state = (step: 1 | 2 | 3) => (step < at ? 'done' : step === at ? 'current' : 'next');
  return (
    <ol className="steps" data-testid="register-steps" data-stage={!committed ? (draft.commitment ? 'committing' : 'draft') : expired ? 'expired' : left ? 'waiting' : revealing ? 'revealing' : 'ready'}>
      <li data-state={state(1)}>Commit to the content root: your wallet asks for the first signature.</li>
      <li data-state={state(2)}>
        Wait for the commit window:{' '}
        {committed ? (
          <span data-testid="register-blocks-left" data-blocks={left ?? ''} role="status">
            {expired
              ? `the commitment expired after block #${(draft.committedAt as number) + window.max_blocks}; cancel it below to get its deposit back, then register again.`
              : left === undefined
                ? '…'
                : left > 0
                  ? `${left} block${left === 1 ? '' : 's'} left (committed in block #${draft.committedAt}, the chain is at block #${bestBlock}).`
                  : `ready: the reveal can go into the next block (committed in block #${draft.committedAt}).`}
          </span>
        ) : (
          `${window.min_blocks} block${window.min_blocks === 1 ? '' : 's'} after the commit.`
        )}
      </li>
      <li data-state={state(3)}>Reveal: your wallet asks for the second signature, and the model is registered.</li>
    </ol>
  );
}

/** Commitments kept in this browser for other roots (e.g. a draft started over): reveal or cancel them. */
function PendingList({ account, network, update }: { account?: string; network: string; update(change: Partial<RegisterDraft>): void }) {
  const { connection } = useChain();
  const chain = connection.status === 'connected' ? connection.chain : undefined;
  const [stored, setStored] = useState<PendingRegistration[]>([]);
  const refresh = useCallback(() => setStored(loadPending(localStorage).filter((p) => p.network === network && p.registrant === account)), [network, account]);
  useEffect(refresh, [refresh]);
  if (stored.length === 0 || !chain) return null;
  return (
    <section aria-labelledby="pending-heading">
      <h3 id="pending-heading">Commitments not revealed yet</h3>
      <p className="hint">Kept in this browser with their salts. Continue one (with the details above), or cancel it to get its deposit back.</p>
      <ul className="pending">
        {stored.map((p) => (
          <li key={p.commitment} data-testid={`pending-${p.commitment}`}>
            <code>0x{p.root}</code>, committed in block #{p.committedAt}{' '}
            <button
              type="button"
              onClick={() =>
                update({ root: p.root, manifest: undefined, sourceLabel: undefined, salt: p.salt, commitment: p.commitment, registrant: p.registrant, committedAt: p.committedAt })
              }
              data-testid={`pending-resume-${p.commitment}`}
            >
              Continue this one
            </button>
            <TxPanel
              testid={`cancel-commitment-${p.commitment.slice(2, 10)}`}
              title="Cancel the commitment"
              build={() => call(chain.contracts.registry, 'cancelCommitment', [p.commitment])}
              onDone={() => {
                dropPending(localStorage, p.commitment);
                refresh();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
