// The one way the app reads from and writes to the contracts.
//
//   const c = call(chain.contracts.market, 'buy', [model, offer, maxPrice], { value: price });
//   const preview = await dryRun(chain, caller, c);   // fee, storage deposit, refusal in words
//   if (!preview.refusal) await submit(chain, caller, signer, preview, onStatus);
//
//   const model = await read(chain, caller, call(chain.contracts.registry, 'model', [id]));
//
// A write is dry-run as its caller and with its value (so payable `buy` and
// `renew` are checked with the money they carry); the dry run's typed error is
// put in words (errors.ts) and nothing is signed; otherwise it is signed with the
// dry run's gas and storage-deposit limits and followed until it is in a block.
// Reads go through the same dry-run path and unwrap the contracts' `Result`s.
import type { DedotClient } from 'dedot';
import type { Contract, GenericContractApi } from 'dedot/contracts';
import { ContractDispatchError, ContractLangError } from 'dedot/contracts';
import type { InjectedSigner, IEventRecord } from 'dedot/types';
import type { Chain } from './connection';
import { CONTRACT_NAMES, type ContractName } from './deployment';
import {
  contractErrorMessage,
  dispatchErrorMessage,
  errorTypeOf,
  langErrorMessage,
  poolErrorMessage,
  type ErrorTypeName,
  type MetadataTypes,
} from './errors';
import { errorText } from './wallet';

/** The arguments of a generated message, without the trailing call options. */
export type MessageArgs<F> = F extends (...args: infer P) => unknown
  ? Required<P> extends [...infer A, unknown]
    ? A
    : never
  : never;

/** What a generated query resolves to (`data` of the dry run). */
export type MessageData<F> = F extends (...args: never[]) => Promise<{ data: infer D }> ? D : never;

/** `Result<T, E>` → T; any other type unchanged. */
export type Unwrapped<D> = [D] extends [{ isOk: true; value: infer O } | { isErr: true; err: unknown }] ? O : D;

/** One contract message with its arguments and value, checked against the bindings. */
export interface Call<Data = unknown> {
  contract: Contract<GenericContractApi>;
  message: string;
  args: unknown[];
  value: bigint;
  /** Phantom: the message's decoded result type. */
  readonly __data?: Data;
}

export function call<A extends GenericContractApi, M extends keyof A['query'] & string>(
  contract: Contract<A>,
  message: M,
  args: MessageArgs<A['query'][M]>,
  options: { value?: bigint } = {},
): Call<MessageData<A['query'][M]>> {
  return {
    contract: contract as unknown as Contract<GenericContractApi>,
    message,
    args: args as unknown[],
    value: options.value ?? 0n,
  };
}

/** "market.buy": how a call is named in messages. */
export function callName(chain: Chain, c: Call): string {
  const contract = chain.contracts.nameAt(c.contract.address) ?? c.contract.address;
  return `${contract}.${c.message}`;
}

/** A refusal, in words, with the typed error it came from. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    /** The contract's typed error value, when the contract refused (not the chain). */
    readonly error?: unknown,
    readonly errorType?: ErrorTypeName,
  ) {
    super(message);
  }
}

interface DryRunResult {
  data: unknown;
  gasRequired: { refTime: bigint; proofSize: bigint };
  storageDeposit: { type: 'Charge' | 'Refund'; value: bigint };
}

/** Runs `c` without a transaction; chain-level failures become Refusals. */
async function dryRunRaw(chain: Chain, caller: string, c: Call): Promise<DryRunResult> {
  const query = c.contract.query[c.message];
  if (!query) throw new Error(`the ${c.message} message is not in the contract's metadata`);
  try {
    const result = await query(...c.args, { caller, value: c.value });
    return { data: result.data, gasRequired: result.raw.gasRequired, storageDeposit: result.raw.storageDeposit };
  } catch (error) {
    if (error instanceof ContractDispatchError) {
      throw new Refusal(dispatchErrorMessage(error.dispatchError, findErrorMeta(chain.client), true));
    }
    if (error instanceof ContractLangError) {
      throw new Refusal(langErrorMessage(error.langError as 'CouldNotReadInput'));
    }
    throw error;
  }
}

function findErrorMeta(client: DedotClient) {
  return (error: never) => client.registry.findErrorMeta(error);
}

/** A contract `Result` as dedot decodes it, or undefined for any other value. */
function asResult(data: unknown): { isOk?: boolean; isErr?: boolean; value?: unknown; err?: unknown } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  return 'isOk' in data || 'isErr' in data ? (data as { isOk?: boolean; isErr?: boolean }) : undefined;
}

/** If `data` is a contract `Result` that failed: its error type and value. */
function failure(c: Call, data: unknown): { type: ErrorTypeName | undefined; value: unknown } | undefined {
  const result = asResult(data);
  if (!result?.isErr) return undefined;
  const meta = c.contract.query[c.message].meta as { returnType: { type: number } };
  const type = errorTypeOf(c.contract.metadata as unknown as MetadataTypes, meta.returnType.type);
  return { type, value: result.err };
}

function refusalOf(chain: Chain, c: Call, data: unknown): Refusal | undefined {
  const failed = failure(c, data);
  if (!failed) return undefined;
  const message = failed.type
    ? contractErrorMessage(failed.type, failed.value, chain.units)
    : `The contract refused ${callName(chain, c)}: ${errorText(failed.value)}.`;
  return new Refusal(message, failed.value, failed.type);
}

/**
 * A read: the message's result with a contract `Result` unwrapped; a refusal
 * (or a chain error) throws a `Refusal` whose message is a sentence.
 */
export async function read<D>(chain: Chain, caller: string, c: Call<D>): Promise<Unwrapped<D>> {
  const { data } = await dryRunRaw(chain, caller, c);
  const refusal = refusalOf(chain, c, data);
  if (refusal) throw refusal;
  const result = asResult(data);
  return (result?.isOk ? result.value : data) as Unwrapped<D>;
}

export interface Weight {
  refTime: bigint;
  proofSize: bigint;
}

/** What a write would do, shown before the user signs. */
export interface Preview {
  call: Call;
  caller: string;
  /** The contract's answer when it accepts (e.g. the new model's id), `Result` unwrapped. */
  output?: unknown;
  /** Set when the contract or the chain refused: nothing may be signed. */
  refusal?: Refusal;
  /** The estimated transaction fee (`paymentInfo` of the transaction as it will be sent). */
  fee?: bigint;
  /** From the dry run: what the call holds from (Charge) or returns to (Refund) the caller. */
  storageDeposit?: { type: 'Charge' | 'Refund'; value: bigint };
  gasLimit?: Weight;
  /** The most storage deposit the signed call may take: the dry run's charge. */
  storageDepositLimit?: bigint;
  /** Why this preview deviates from a plain dry run (see `previewWithoutDryRun`). */
  note?: string;
}

/** Dry-runs a write as `caller` with its value and estimates the fee. */
export async function dryRun(chain: Chain, caller: string, c: Call): Promise<Preview> {
  let result: DryRunResult;
  try {
    result = await dryRunRaw(chain, caller, c);
  } catch (error) {
    if (error instanceof Refusal) return { call: c, caller, refusal: error };
    throw error;
  }
  const refusal = refusalOf(chain, c, result.data);
  const storageDeposit = result.storageDeposit;
  if (refusal) return { call: c, caller, refusal, storageDeposit };
  const gasLimit = result.gasRequired;
  const storageDepositLimit = storageDeposit.type === 'Charge' ? storageDeposit.value : 0n;
  const ok = asResult(result.data);
  const output = ok?.isOk ? ok.value : result.data;
  const fee = await estimateFee(caller, c, gasLimit, storageDepositLimit);
  return { call: c, caller, output, fee, storageDeposit, gasLimit, storageDepositLimit };
}

/**
 * A preview for a call that cannot be dry-run yet but will be valid in the block
 * that includes it: a registration's reveal on a chain that seals a block per
 * transaction, where the dry run (in the best block) still sees the commitment
 * as too recent. It is sent with a fixed gas limit and no storage-deposit limit
 * (the account's balance bounds the deposit), as the command line does.
 */
export async function previewWithoutDryRun(caller: string, c: Call, gasLimit: Weight, note: string): Promise<Preview> {
  const fee = await estimateFee(caller, c, gasLimit, undefined);
  return { call: c, caller, fee, gasLimit, note };
}

function buildTx(c: Call, gasLimit: Weight, storageDepositLimit: bigint | undefined) {
  const tx = (c.contract.tx as Record<string, (...args: unknown[]) => ReturnType<Contract['tx'][string]>>)[c.message];
  if (!tx) throw new Error(`the ${c.message} message cannot be sent as a transaction`);
  return tx(...c.args, { value: c.value, gasLimit, storageDepositLimit });
}

async function estimateFee(caller: string, c: Call, gasLimit: Weight, limit: bigint | undefined): Promise<bigint> {
  const info = await buildTx(c, gasLimit, limit).paymentInfo(caller);
  return info.partialFee;
}

/** A contract event of the transaction, decoded with its contract's metadata. */
export interface DecodedEvent {
  contract: ContractName;
  name: string;
  data: Record<string, unknown>;
}

export interface Outcome {
  blockNumber: number;
  blockHash: string;
  txHash: string;
  /** What the caller actually paid as fee (TransactionPayment.TransactionFeePaid). */
  feePaid?: bigint;
  /** Storage deposit the caller had held by this transaction, and had released to it. */
  depositHeld: bigint;
  depositReleased: bigint;
  events: DecodedEvent[];
}

export type TxStatus = 'signing' | 'submitted' | 'in-block';

/** A write that did not happen or failed; `rejected` means the wallet did not sign. */
export class TxError extends Error {
  override name = 'TxError';
  constructor(
    message: string,
    readonly kind: 'rejected' | 'pool' | 'failed',
    readonly outcome?: Outcome,
  ) {
    super(message);
  }
}

/**
 * Signs the previewed call with the injected signer and waits until it is in a
 * block. Resolves with the events and what the caller paid; rejects with a
 * TxError whose message is a sentence (a rejected signature says so).
 */
export function submit(
  chain: Chain,
  caller: string,
  signer: InjectedSigner,
  preview: Preview,
  onStatus?: (status: TxStatus, txHash?: string) => void,
): Promise<Outcome> {
  if (preview.refusal) return Promise.reject(new TxError(preview.refusal.message, 'failed'));
  if (!preview.gasLimit) return Promise.reject(new Error('a preview without a gas limit cannot be sent'));
  const tx = buildTx(preview.call, preview.gasLimit, preview.storageDepositLimit);
  onStatus?.('signing');
  return new Promise<Outcome>((resolve, reject) => {
    let sent = false;
    let unsubscribe: (() => Promise<void>) | undefined;
    const done = () => void unsubscribe?.().catch(() => undefined);
    tx.signAndSend(caller, { signer }, (result) => {
      if (!sent) {
        sent = true;
        onStatus?.('submitted', result.txHash);
      }
      const status = result.status;
      if (status.type === 'Invalid' || status.type === 'Drop') {
        done();
        reject(new TxError(poolErrorMessage(status.value.error), 'pool'));
        return;
      }
      if (status.type !== 'BestChainBlockIncluded' && status.type !== 'Finalized') return;
      done();
      onStatus?.('in-block');
      const { dispatchError } = result;
      outcomeOf(chain, caller, result.events, status.value, result.txHash).then((outcome) => {
        if (dispatchError) {
          reject(new TxError(dispatchedErrorMessage(chain, dispatchError, preview), 'failed', outcome));
        } else {
          resolve(outcome);
        }
      }, reject);
    })
      .then((unsub) => {
        unsubscribe = unsub;
      })
      .catch((error: unknown) => {
        const text = errorText(error);
        if (sent) {
          reject(new TxError(`The node stopped reporting on the transaction: ${text}`, 'pool'));
        } else if (/1010|Invalid Transaction|Inability to pay/i.test(text)) {
          // The node refused the signed transaction before any status.
          reject(new TxError(poolErrorMessage(text), 'pool'));
        } else {
          // The wallet threw before anything reached the node: the user declined to sign.
          reject(new TxError(`The wallet did not sign the transaction (${text}); nothing was sent.`, 'rejected'));
        }
      });
  });
}

function dispatchedErrorMessage(chain: Chain, error: { type: string; value?: unknown }, preview: Preview): string {
  const meta = error.type === 'Module' ? chain.client.registry.findErrorMeta(error as never) : undefined;
  if (meta?.pallet === 'Contracts' && meta.name === 'ContractReverted') {
    // The contract returned an error. Sent without a dry run (previewWithoutDryRun),
    // nothing checked it before; otherwise the chain changed since the dry run.
    return preview.storageDeposit === undefined
      ? 'The contract refused the call when it ran (it could not be dry-run before). Check it again: a dry run now says why.'
      : 'The contract refused the call when it ran: the chain changed since the dry run. Dry-run it again to see why.';
  }
  return dispatchErrorMessage(error, findErrorMeta(chain.client));
}

interface PalletEventShape {
  pallet: string;
  palletEvent: { name: string; data?: Record<string, unknown> } | string;
}

/** Whether `record` is an event the contract at `address` emitted (`Contracts.ContractEmitted`). */
function emittedBy(record: IEventRecord, address: string): boolean {
  const event = record.event as unknown as PalletEventShape;
  if (event.pallet !== 'Contracts' || typeof event.palletEvent !== 'object' || event.palletEvent.name !== 'ContractEmitted') return false;
  const contract = event.palletEvent.data?.contract;
  return contract instanceof Object && 'eq' in contract && (contract as { eq(a: string): boolean }).eq(address);
}

/**
 * What the transaction did, from its block's event records. The events of every contract
 * that emitted one are decoded: a contract whose metadata no page needed yet is loaded
 * for it.
 */
async function outcomeOf(
  chain: Chain,
  caller: string,
  records: IEventRecord[],
  block: { blockHash: string; blockNumber: number },
  txHash: string,
): Promise<Outcome> {
  let feePaid: bigint | undefined;
  let depositHeld = 0n;
  let depositReleased = 0n;
  const isCaller = (account: unknown) => account instanceof Object && 'eq' in account && (account as { eq(a: string): boolean }).eq(caller);
  for (const record of records) {
    const event = record.event as unknown as PalletEventShape;
    if (typeof event.palletEvent !== 'object') continue;
    const { name, data = {} } = event.palletEvent;
    if (event.pallet === 'TransactionPayment' && name === 'TransactionFeePaid' && isCaller(data.who)) {
      feePaid = data.actualFee as bigint;
    }
    if (event.pallet === 'Contracts' && name === 'StorageDepositTransferredAndHeld' && isCaller(data.from)) {
      depositHeld += data.amount as bigint;
    }
    if (event.pallet === 'Contracts' && name === 'StorageDepositTransferredAndReleased' && isCaller(data.to)) {
      depositReleased += data.amount as bigint;
    }
  }
  const emitters = CONTRACT_NAMES.filter((name) => records.some((record) => emittedBy(record, chain.deployment.contracts[name].address)));
  await chain.contracts.load(emitters);
  const events: DecodedEvent[] = [];
  for (const name of emitters) {
    const contract = chain.contracts.get(name);
    for (const event of contract.registry.decodeEvents(records, contract.address) as { name: string; data?: Record<string, unknown> }[]) {
      events.push({ contract: name, name: event.name, data: event.data ?? {} });
    }
  }
  return { blockNumber: block.blockNumber, blockHash: block.blockHash, txHash, feePaid, depositHeld, depositReleased, events };
}
