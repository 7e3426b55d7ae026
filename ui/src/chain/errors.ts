// Every refusal the contracts can return, as a full sentence with its context.
//
// Each contract error type gets one function with a `switch` over the generated
// binding's variants; `assertNever` makes `tsc` fail when a contract gains a
// variant the app has no sentence for. The sentences follow the doc comments of
// contracts/registry/src/errors.rs, contracts/common/src/market.rs (the market's
// `MarketError`) and contracts/common (the contracts' own names for models,
// offers, licenses, splits), with amounts in the chain's token and accounts as
// SS58 addresses.
//
// Which function applies to a call's error is read from the message's return
// type in the contract metadata (`errorTypeOf`), so a PSP34 message of the
// registry gets the PSP34 sentences and an Admin message the Admin ones.
import type {
  ModelmintRegistryErrorsRegistryError as RegistryError,
  ModelmintRegistryErrorsTextField as TextField,
  ModelmintCommonPsp34Psp34Error as PSP34Error,
  InkPrimitivesLangError as LangError,
  ModelmintCommonAssetKind as AssetKind,
  ModelmintCommonRelation as Relation,
} from '../contracts/types/modelmint-registry';
import type {
  ModelmintCommonMarketMarketError as MarketError,
  ModelmintCommonShareError as ShareError,
  ModelmintCommonAdminAdminError as AdminError,
  ModelmintCommonAdminLink as Link,
  ModelmintCommonLicensingUse as Use,
} from '../contracts/types/modelmint-market';
import type { ModelmintGatewayErrorsGatewayError as GatewayError } from '../contracts/types/modelmint-gateway';
import { formatAccount, formatBalance, formatBps, formatDuration, formatTimestamp, type Units } from './format';

export type { RegistryError, MarketError, ShareError, AdminError, GatewayError, PSP34Error, LangError };

function assertNever(value: never): never {
  throw new Error(`no message for contract error ${JSON.stringify(value)}`);
}

const FIELD_NAMES: Record<TextField, string> = { Name: 'name', Version: 'version label', Uri: 'metadata URI' };

const KIND_NAMES: Record<AssetKind, string> = { Model: 'model', Dataset: 'dataset' };

const RELATION_NAMES: Record<Relation, string> = {
  FineTune: 'fine-tune',
  Quantization: 'quantization',
  Distillation: 'distillation',
  Merge: 'merge',
  Other: 'other',
  TrainedOn: 'trained-on',
};

const USE_NAMES: Record<Use, string> = {
  Research: 'research',
  CommercialInference: 'commercial inference',
  FineTuning: 'fine-tuning',
  Redistribution: 'redistribution',
  Training: 'training',
};

const LINK_NAMES: Record<Link, string> = {
  Registry: 'registry',
  Market: 'market',
  Arbiter: 'arbiter',
};

export function registryErrorMessage(error: RegistryError, units: Units): string {
  const account = (a: Parameters<typeof formatAccount>[0]) => formatAccount(a, units);
  switch (error.type) {
    case 'AlreadyRegistered':
      return `This content root is already registered, as model ${error.value}.`;
    case 'EmptyField':
      return `The model's ${FIELD_NAMES[error.value]} is empty; it is required.`;
    case 'FieldTooLong': {
      const [field, length, max] = error.value;
      return `The model's ${FIELD_NAMES[field]} is ${length} bytes long; at most ${max} bytes are stored.`;
    }
    case 'UnknownModel':
      return `There is no model ${error.value}.`;
    case 'NotModelOwner':
      return `Only the owner of model ${error.value[0]}, ${account(error.value[1])}, may do this.`;
    case 'NotApproved':
      return 'You neither own this model nor are approved to act for its owner.';
    case 'SelfApprove':
      return 'An owner cannot approve themselves as operator.';
    case 'TransferToSelf':
      return 'The recipient already owns this model.';
    case 'PreviousVersionNotOwned':
      return `The previous version, model ${error.value[0]}, belongs to ${account(error.value[1])}: only its owner registers a new version of it.`;
    case 'TooManyParents':
      return `${error.value[0]} parents were named; a model has at most ${error.value[1]}.`;
    case 'DuplicateParent':
      return `Model ${error.value} is named twice as a parent.`;
    case 'NoDerivativeRight':
      return `You may not derive from model ${error.value}: you neither own it, nor hold a valid license on it that allows derivatives, nor have its owner's approval.`;
    case 'RoyaltyStackTooHigh':
      return `The model's obligations (its parents' shares and those it inherits from its ancestors and previous version) add up to ${formatBps(error.value)}, over 100 %.`;
    case 'TooManyObligations':
      return `The model would owe ${error.value[0]} ancestors a share of every sale; at most ${error.value[1]} are allowed.`;
    case 'TooManyAncestors':
      return `The model would have ${error.value[0]} ancestors; at most ${error.value[1]} are allowed.`;
    case 'RoyaltyAboveMaximum': {
      const [parent, royalty, max] = error.value;
      return `The royalty owed to model ${parent} would be ${formatBps(royalty)}, above the ${formatBps(max)} you accept.`;
    }
    case 'NoDerivativeApproval':
      return `There is no derivative approval on model ${error.value} for that account.`;
    case 'RoyaltyOutOfRange':
      return `A royalty share of ${formatBps(error.value)} is above 100 %.`;
    case 'MetadataFrozen':
      return `The metadata of model ${error.value} is frozen: it can no longer change.`;
    case 'StatusUnchanged':
      return `Model ${error.value[0]} already has status ${error.value[1]}.`;
    case 'InvalidPageSize':
      return `A page of ${error.value[0]} ids was asked for; a page holds 1 to ${error.value[1]}.`;
    case 'MarketUnavailable':
      return "The registry could not pass the model's record to the market (the market failed, refused it or is not a market), or no market is wired to resync; nothing changed.";
    case 'Admin':
      return adminErrorMessage(error.value);
    case 'InvalidCommitWindow':
      return `A commit window of ${error.value[0]} to ${error.value[1]} blocks is invalid: it needs 1 ≤ minimum < maximum.`;
    case 'CommitmentExists':
      return `You already made this commitment, in block ${error.value}.`;
    case 'NoCommitment':
      return 'You have no commitment to this content root with this salt: commit first, then register.';
    case 'CommitmentTooRecent':
      return `The commitment is too recent: it can be revealed from block ${error.value} on.`;
    case 'CommitmentExpired':
      return `The commitment could be revealed until block ${error.value} only; cancel it and commit again.`;
    case 'ZeroDisputeDeposit':
      return 'A dispute deposit of zero is not allowed.';
    case 'WrongDisputeDeposit':
      return `Raising a dispute takes exactly ${formatBalance(error.value[0], units)}; ${formatBalance(error.value[1], units)} was attached.`;
    case 'OwnModelDisputed':
      return `You own model ${error.value}: an owner does not dispute their own model.`;
    case 'NoArbiter':
      return 'No arbiter is wired to the registry to rule on disputes, so none can be raised.';
    case 'UnknownDispute':
      return `There is no dispute ${error.value}.`;
    case 'DisputeClosed':
      return `The arbiter already ruled on dispute ${error.value}.`;
    case 'DisputeOpen':
      return `The arbiter has not ruled on dispute ${error.value} yet.`;
    case 'NotClaimant':
      return `Only ${account(error.value[1])}, who raised dispute ${error.value[0]}, may clear it.`;
    case 'NotArbiter':
      return 'Only the arbiter wired to the registry rules on disputes.';
    case 'ModelDisputed':
      return `An arbiter upheld a dispute against model ${error.value}: it gets no new versions or derivatives, and only the arbiter changes its status.`;
    case 'InvalidRuling':
      return "The ruling is invalid: voiding licenses needs a reassignment, from an owner epoch before the one the ruling starts.";
    case 'TooManyVoidedRanges':
      return `The model already carries ${error.value} voided epoch ranges, the most it can: no further licenses can be voided.`;
    case 'DepositTransferFailed':
      return 'The registry could not send the dispute deposit; nothing changed.';
    case 'Overflow':
      return 'A counter of the registry would overflow.';
    case 'OwnerEpochOverflow':
      return "The model's token has changed hands the most times it can (4 294 967 295).";
    case 'ModelIdsExhausted':
      return 'All model ids have been issued: the registry cannot register another model.';
    case 'BalanceOverflow':
      return 'The recipient already holds the most models an account can hold.';
    case 'StrandingRecipient':
      return `${account(error.value)} is the registry or its market: a ModelMint contract cannot sell, split or withdraw for a model, so what it earns would be stranded there for good.`;
    case 'ApprovalStillHeld': {
      const [parent, holder, until] = error.value;
      return `The derivative approval on model ${parent} for ${account(holder)} is revoked, but a registration committed before the revocation may still use it until block ${until}; its cell can be removed after that block.`;
    }
    case 'NotReassigned':
      return `Dispute ${error.value} did not give its model to the claimant: there is nothing to restore.`;
    case 'NotRestorable':
      return `Model ${error.value} is not a version or derivative of the disputed model that its losing owner registered and still holds.`;
    case 'LineageCycle':
      return `Model ${error.value} is the model itself or derives from it: it cannot be its parent.`;
    case 'ModelInEscrow':
      return `The revenue of model ${error.value[0]} is held in escrow until ${formatTimestamp(error.value[1])} while a dispute against it is open: its token does not move until the ruling, or until the escrow is released once due.`;
    case 'NoEscrow':
      return `The revenue of model ${error.value} is not held in escrow.`;
    case 'EscrowNotDue':
      return `The escrow of model ${error.value[0]} may be released from ${formatTimestamp(error.value[1])} on, unless the arbiter rules first.`;
    case 'TooManyDatasets':
      return `${error.value[0]} datasets are named as training data; at most ${error.value[1]} are allowed.`;
    case 'RelationMismatch': {
      const [parent, relation, kind] = error.value;
      return `Asset ${parent} is a ${KIND_NAMES[kind]}, which a ${RELATION_NAMES[relation]} edge cannot name: a model is trained on datasets (training data) and derives from models (parents).`;
    }
    case 'VersionKindMismatch':
      return `The previous version ${error.value[0]} is a ${KIND_NAMES[error.value[1]]}: a new version is of the same kind as the one it follows.`;
    case 'DatasetWithParents':
      return 'A dataset names no parents: its lineage is its previous versions.';
    default:
      return assertNever(error);
  }
}

export function marketErrorMessage(error: MarketError, units: Units): string {
  switch (error.type) {
    case 'UnknownModel':
      return `The market knows no model ${error.value} (the registry has not passed it on).`;
    case 'NotModelOwner':
      return `Only the current owner of model ${error.value[0]}, ${formatAccount(error.value[1], units)}, may do this.`;
    case 'UnknownOffer':
      return `There is no offer ${error.value}.`;
    case 'UnknownLicense':
      return `There is no license ${error.value}.`;
    case 'InvalidUses':
      return `The permitted uses (bits ${error.value}) are empty or name no use: choose at least one of research, commercial inference, fine-tuning, training, redistribution.`;
    case 'RoyaltyOutOfRange':
      return `A derivative royalty of ${formatBps(error.value)} is above 100 %.`;
    case 'ZeroDuration':
      return 'A license period must be longer than zero.';
    case 'DurationTooLong':
      return `A license period may be at most ${formatDuration(error.value)}.`;
    case 'DurationOverflow':
      return "The license's expiry would not fit the chain's clock: choose a shorter period.";
    case 'ZeroCap':
      return 'A cap on the number of licenses must be at least one.';
    case 'EmptyLegalUri':
      return 'The URI of the legal text is empty; it is required.';
    case 'LegalUriTooLong':
      return `The URI of the legal text is ${error.value[0]} bytes long; at most ${error.value[1]} bytes are stored.`;
    case 'TooManyOffers':
      return `Model ${error.value[0]} already has ${error.value[1]} open or paused offers, the most it can have: close one first.`;
    case 'DerivativesNeedUse':
      return `An offer that grants a derivative royalty must permit ${USE_NAMES[error.value]}, the use that makes derivatives of its asset.`;
    case 'UsesNotForKind':
      return `The permitted uses (bits ${error.value[0]}) include one that a ${KIND_NAMES[error.value[1]]}'s license cannot grant: a model's licenses grant research, commercial inference, fine-tuning and redistribution; a dataset's research, training and redistribution.`;
    case 'OfferPaused':
      return `Offer ${error.value} is paused by the model's owner.`;
    case 'OfferClosed':
      return `Offer ${error.value} is closed for good.`;
    case 'OfferOfPreviousOwner':
      return `Offer ${error.value} was opened by a previous owner of the model; it sells again once the current owner opens it.`;
    case 'OfferStateUnchanged':
      return `Offer ${error.value} already is in that state.`;
    case 'ModelDisputed':
      return `An arbiter upheld a dispute against model ${error.value}: no licenses of it are sold or renewed.`;
    case 'ModelDeprecated':
      return `Model ${error.value} is deprecated: no licenses of it are sold or renewed.`;
    case 'PriceAboveMaximum':
      return `The price, ${formatBalance(error.value[0], units)}, is above the maximum price you accept, ${formatBalance(error.value[1], units)}.`;
    case 'InsufficientPayment':
      return `The call carried ${formatBalance(error.value[1], units)}, less than the price of ${formatBalance(error.value[0], units)}.`;
    case 'Overpayment':
      return `The call carried ${formatBalance(error.value[1], units)}, more than the price of ${formatBalance(error.value[0], units)}; a purchase moves exactly the price.`;
    case 'CapReached':
      return `All ${error.value} licenses of this offer are sold.`;
    case 'TooManyLicenses':
      return `The account already holds ${error.value} unexpired licenses on this model, the most it can hold.`;
    case 'NotHolder':
      return `Only the holder of license ${error.value} may do this.`;
    case 'NotTransferable':
      return `The terms of license ${error.value} do not allow transfers.`;
    case 'LicenseExpired':
      return `License ${error.value[0]} expired at ${formatTimestamp(error.value[1])} and cannot be transferred; renew it first.`;
    case 'LicenseVoided':
      return `An arbiter's ruling voided license ${error.value}: it grants nothing and can be neither renewed nor transferred (only released).`;
    case 'NoTransferOffer':
      return `License ${error.value} is not offered to you (or, to withdraw an offer, to anyone).`;
    case 'TransferToSelf':
      return 'The recipient already holds this license.';
    case 'NotRenewable':
      return `License ${error.value} is perpetual: it never expires and cannot be renewed.`;
    case 'NotLicensed':
      return `${formatAccount(error.value[1], units)} holds no license on model ${error.value[0]} that is valid now, not voided, and permits this use.`;
    case 'ZeroDeposit':
      return 'A royalty deposit must carry a non-zero amount.';
    case 'InvalidShares':
      return shareErrorMessage(error.value);
    case 'DuplicateRecipient':
      return `Recipient ${error.value + 1} is listed twice in the split.`;
    case 'RecipientMembershipsFull':
      return `${formatAccount(error.value[0], units)} already accepted ${error.value[1]} splits, the most an account can.`;
    case 'NoSplit':
      return `Model ${error.value} has no split.`;
    case 'NotARecipient':
      return `You are not listed in the split of model ${error.value}.`;
    case 'AlreadyAccepted':
      return `You already accepted the split of model ${error.value}.`;
    case 'OwnerCannotLeave':
      return `You own model ${error.value}: its owner changes or clears the split instead of leaving it.`;
    case 'NotPayee':
      return `Model ${error.value}'s revenue is not collected by this account: only its current owner collects it, and only while no split applies.`;
    case 'TooManyModels':
      return `At most ${error.value} models are collected in one withdrawal.`;
    case 'NothingOwed':
      return 'Nothing is owed to this account.';
    case 'TransferFailed':
      return `The chain refused to transfer ${formatBalance(error.value, units)} (for example, below the existential deposit to an empty account); the amount stays owed.`;
    case 'MarketAsPayee':
      return 'The market itself cannot be a recipient or payee: money owed to it could never leave.';
    case 'NothingToSweep':
      return 'The market holds nothing beyond what it owes.';
    case 'NotRegistry':
      return 'Only the registry wired to the market passes model changes to it.';
    case 'LibraryOnly':
      return "The market's desk is library code the market calls; it is never a contract of its own.";
    case 'Overflow':
      return 'An amount or counter of the market would overflow.';
    case 'Admin':
      return adminErrorMessage(error.value);
    case 'ModelInEscrow':
      return `The revenue of model ${error.value} is held in escrow while a dispute against it is open: it is paid out after the ruling (to the rightful owner) or once the escrow is released.`;
    default:
      return assertNever(error);
  }
}

export function shareErrorMessage(error: ShareError): string {
  switch (error.type) {
    case 'NoRecipients':
      return 'A split needs at least one recipient.';
    case 'TooManyRecipients':
      return `The split has ${error.value[0]} recipients; at most ${error.value[1]} are allowed.`;
    case 'ZeroShare':
      return `Recipient ${error.value + 1} has a share of zero.`;
    case 'SharesDoNotSumToWhole':
      return `The shares add up to ${error.value} parts per million instead of exactly 1 000 000.`;
    default:
      return assertNever(error);
  }
}

export function adminErrorMessage(error: AdminError): string {
  switch (error.type) {
    case 'NotAdmin':
      return 'Only the administrator may do this (or administration was renounced).';
    case 'NotProposedAdmin':
      return 'Only the proposed administrator may accept administration, and you are not it.';
    case 'Paused':
      return 'The contract is paused: what creates new obligations is stopped for now.';
    case 'PauseUnchanged':
      return 'The contract already is in that pause state.';
    case 'UnknownCodeHash':
      return `No contract code with hash ${error.value} is on chain; nothing was changed.`;
    case 'ZeroDelay':
      return 'A timelock of zero was asked for; a contract without a delay is instantiated with the timelock disabled.';
    case 'DelayTooLong':
      return `A timelock may be at most ${formatDuration(error.value)}.`;
    case 'ActionPending':
      return `An administrative action is already scheduled (executable from ${formatTimestamp(error.value)}); cancel or execute it first.`;
    case 'NothingScheduled':
      return 'No administrative action is scheduled.';
    case 'TooEarly':
      return `The scheduled action may be executed from ${formatTimestamp(error.value[0])}; it is ${formatTimestamp(error.value[1])}.`;
    case 'UnusedLink':
      return `This contract calls no ${LINK_NAMES[error.value]}.`;
    case 'WiringAlreadySet':
      return 'The wiring was set already; changes go through a scheduled rewiring.';
    case 'LayoutMismatch':
      return `The stored data is at layout version ${error.value[0]} and this code reads version ${error.value[1]}: state changes wait for the migration.`;
    case 'ActionExpired':
      return `The scheduled action could be executed until ${formatTimestamp(error.value)}: it expired, so it must be scheduled again (with the full delay again) or cancelled.`;
    case 'GraceOutOfRange':
      return `The grace period of scheduled actions must be at least 1 ms and at most ${formatDuration(error.value)}.`;
    default:
      return assertNever(error);
  }
}

export function gatewayErrorMessage(error: GatewayError, units: Units): string {
  switch (error.type) {
    case 'ModelNotServed':
      return `The gateway's operator has set no fee for model ${error.value}: the gateway does not serve it.`;
    case 'WrongFee':
      return `A request must carry exactly the model's fee, ${formatBalance(error.value[0], units)}, not ${formatBalance(error.value[1], units)}.`;
    case 'NotLicensed':
      return `You hold no license on model ${error.value} that is valid now, not voided, and permits commercial inference.`;
    case 'MarketUnavailable':
      return 'The gateway could not call the market (not wired, it failed, or it is not a market).';
    case 'Market':
      return `The market refused the fee: ${marketErrorMessage(error.value, units)}`;
    case 'Overflow':
      return "The gateway's request counter would overflow.";
    case 'Admin':
      return adminErrorMessage(error.value);
    default:
      return assertNever(error);
  }
}

/**
 * The registry answers PSP34 messages with `PSP34Error::Custom(name)` for its own
 * conditions (contracts/registry/src/errors.rs `custom_name`): the name of a
 * RegistryError variant, or of the AdminError inside `Admin`, without fields.
 * Typed as a complete record so a new variant fails `tsc` here too.
 */
export const PSP34_CUSTOM: Record<Exclude<RegistryError['type'], 'Admin'> | AdminError['type'], string> = {
  AlreadyRegistered: 'This content root is already registered.',
  EmptyField: 'A required field of the model is empty.',
  FieldTooLong: 'A field of the model is longer than the registry stores.',
  UnknownModel: 'There is no such model.',
  NotModelOwner: 'Only the owner of this model may do this.',
  NotApproved: 'You neither own this model nor are approved to act for its owner.',
  SelfApprove: 'An owner cannot approve themselves as operator.',
  TransferToSelf: 'The recipient already owns this model.',
  PreviousVersionNotOwned: 'The previous version belongs to someone else.',
  TooManyParents: 'Too many parents were named.',
  DuplicateParent: 'A parent is named twice.',
  NoDerivativeRight: 'You may not derive from a parent model.',
  RoyaltyStackTooHigh: "The model's obligations add up to more than 100 %.",
  TooManyObligations: 'The model would owe too many ancestors a share.',
  TooManyAncestors: 'The model would have too many ancestors.',
  RoyaltyAboveMaximum: 'A royalty would be above the maximum you accept.',
  NoDerivativeApproval: 'There is no such derivative approval.',
  RoyaltyOutOfRange: 'A royalty share is above 100 %.',
  MetadataFrozen: "The model's metadata is frozen.",
  StatusUnchanged: 'The model already has that status.',
  InvalidPageSize: 'The page size is out of range.',
  MarketUnavailable: "The registry could not pass the model's record to the market; nothing changed.",
  InvalidCommitWindow: 'The commit window is invalid.',
  CommitmentExists: 'You already made this commitment.',
  NoCommitment: 'You have no commitment to this content root with this salt.',
  CommitmentTooRecent: 'The commitment is too recent to be revealed.',
  CommitmentExpired: 'The commitment expired; cancel it and commit again.',
  ZeroDisputeDeposit: 'A dispute deposit of zero is not allowed.',
  WrongDisputeDeposit: 'A dispute must carry exactly the dispute deposit.',
  OwnModelDisputed: 'An owner does not dispute their own model.',
  NoArbiter: 'No arbiter is wired to rule on disputes.',
  UnknownDispute: 'There is no such dispute.',
  DisputeClosed: 'The arbiter already ruled on this dispute.',
  DisputeOpen: 'The arbiter has not ruled on this dispute yet.',
  NotClaimant: 'Only the claimant may clear this dispute.',
  NotArbiter: 'Only the arbiter wired to the registry rules on disputes.',
  ModelDisputed: 'An arbiter upheld a dispute against this model.',
  InvalidRuling: 'The ruling is invalid.',
  TooManyVoidedRanges: 'The model carries the most voided epoch ranges it can.',
  DepositTransferFailed: 'The registry could not send the dispute deposit.',
  Overflow: 'A counter of the registry would overflow.',
  OwnerEpochOverflow: "The model's token has changed hands the most times it can.",
  ModelIdsExhausted: 'All model ids have been issued.',
  BalanceOverflow: 'The recipient already holds the most models an account can hold.',
  StrandingRecipient:
    'The recipient is the registry or its market: a ModelMint contract cannot sell, split or withdraw for a model, so what it earns would be stranded there for good.',
  ApprovalStillHeld:
    'The approval is revoked, but a registration committed before may still use it for a while.',
  NotReassigned: 'The dispute did not give its model to the claimant: there is nothing to restore.',
  NotRestorable: 'That model is not one the losing owner registered from the disputed model and still holds.',
  LineageCycle: 'A model cannot be its own parent or derive from its own derivative.',
  ModelInEscrow: 'The model is disputed: its token does not move until the ruling or the escrow release.',
  NoEscrow: "The model's revenue is not held in escrow.",
  EscrowNotDue: 'The escrow cannot be released yet.',
  TooManyDatasets: 'Too many datasets are named as training data.',
  RelationMismatch: 'A model is trained on datasets and derives from models; a named asset is of the other kind.',
  VersionKindMismatch: 'A new version is of the same kind as the one it follows.',
  DatasetWithParents: 'A dataset names no parents.',
  NotAdmin: 'Only the administrator may do this.',
  NotProposedAdmin: 'Only the proposed administrator may accept administration.',
  Paused: 'The registry is paused.',
  PauseUnchanged: 'The registry already is in that pause state.',
  UnknownCodeHash: 'No contract code with that hash is on chain.',
  ZeroDelay: 'A timelock of zero is not allowed.',
  DelayTooLong: 'The timelock is too long.',
  ActionPending: 'An administrative action is already scheduled.',
  NothingScheduled: 'No administrative action is scheduled.',
  TooEarly: 'The scheduled action cannot be executed yet.',
  UnusedLink: 'The registry calls no contract of that kind.',
  WiringAlreadySet: 'The wiring was set already.',
  LayoutMismatch: "The registry's stored data waits for a migration: state changes are stopped.",
  ActionExpired: 'The scheduled action expired and must be scheduled again.',
  GraceOutOfRange: 'The grace period of scheduled actions is out of range.',
};

export function psp34ErrorMessage(error: PSP34Error): string {
  switch (error.type) {
    case 'Custom':
      return (
        (PSP34_CUSTOM as Record<string, string | undefined>)[error.value] ??
        `The registry refused the token operation (${error.value}).`
      );
    case 'SelfApprove':
      return 'An owner cannot approve themselves as operator.';
    case 'NotApproved':
      return "You are neither the token's owner nor an approved operator.";
    case 'TokenExists':
      return 'A token with this id already exists.';
    case 'TokenNotExists':
      return 'No model token has this id.';
    case 'SafeTransferCheckFailed':
      return `The receiving contract rejected the transfer: ${error.value}.`;
    default:
      return assertNever(error);
  }
}

export function langErrorMessage(error: LangError): string {
  switch (error) {
    case 'CouldNotReadInput':
      return "The contract could not decode the call: the app's bindings do not match the deployed contract (run npm run gen against the deployed build).";
    default:
      return assertNever(error);
  }
}

/** The contract error types the app knows, by the last segment of their metadata path. */
export const ERROR_TYPES = ['RegistryError', 'MarketError', 'GatewayError', 'AdminError', 'ShareError', 'PSP34Error'] as const;
export type ErrorTypeName = (typeof ERROR_TYPES)[number];

/** A contract's refusal in words, given the error's type name (see `errorTypeOf`). */
export function contractErrorMessage(typeName: ErrorTypeName, error: unknown, units: Units): string {
  switch (typeName) {
    case 'RegistryError':
      return registryErrorMessage(error as RegistryError, units);
    case 'MarketError':
      return marketErrorMessage(error as MarketError, units);
    case 'GatewayError':
      return gatewayErrorMessage(error as GatewayError, units);
    case 'AdminError':
      return adminErrorMessage(error as AdminError);
    case 'ShareError':
      return shareErrorMessage(error as ShareError);
    case 'PSP34Error':
      return psp34ErrorMessage(error as PSP34Error);
    default:
      return assertNever(typeName);
  }
}

/** The part of ink! metadata (v5) the lookup below reads. */
export interface MetadataTypes {
  types: { id: number; type: { path?: string[]; def: { variant?: { variants?: { name: string; fields?: { type: number }[] }[] } } } }[];
}

/**
 * The error type a message returns, from its return type id: ink! wraps every
 * message's output as `Result<Output, LangError>`; an output `Result<T, E>` names
 * the error type E. `undefined` for messages that cannot refuse.
 */
export function errorTypeOf(metadata: MetadataTypes, returnTypeId: number): ErrorTypeName | undefined {
  const resultErr = (id: number): number | undefined => {
    const type = metadata.types.find((t) => t.id === id)?.type;
    if (type?.path?.[0] !== 'Result') return undefined;
    return type.def.variant?.variants?.find((v) => v.name === 'Err')?.fields?.[0]?.type;
  };
  const okOf = (id: number): number | undefined =>
    metadata.types.find((t) => t.id === id)?.type.def.variant?.variants?.find((v) => v.name === 'Ok')?.fields?.[0]?.type;
  const output = okOf(returnTypeId);
  if (output === undefined) return undefined;
  const errorId = resultErr(output);
  if (errorId === undefined) return undefined;
  const name = metadata.types.find((t) => t.id === errorId)?.type.path?.at(-1);
  return (ERROR_TYPES as readonly string[]).includes(name ?? '') ? (name as ErrorTypeName) : undefined;
}

// ---------------------------------------------------------------------------
// Chain-level errors: what the runtime says when a call fails outside the
// contract's own Result (a trap, a deposit limit, funds), and what the node's
// transaction pool says when it refuses a transaction before any block.

/** A pallet error as `client.registry.findErrorMeta` describes it. */
export interface PalletError {
  pallet: string;
  name: string;
  docs: string[];
}

const MODULE_ERRORS: Record<string, string> = {
  'Contracts.StorageDepositLimitExhausted':
    'The call needs more storage deposit than the limit it was sent with (the chain state changed since the dry run): dry-run it again.',
  'Contracts.StorageDepositNotEnoughFunds':
    'The account cannot pay the storage deposit this call needs: top up its balance.',
  'Contracts.OutOfGas':
    'The call ran out of gas (the chain state changed since the dry run): dry-run it again.',
  'Contracts.ContractTrapped':
    'The contract trapped: it stopped on an unexpected condition and changed nothing.',
  'Contracts.ContractReverted': 'The contract reverted the call and changed nothing.',
  'Contracts.ContractNotFound':
    'No contract lives at this address on this chain: the deployment file does not belong to this node.',
  'Contracts.TransferFailed':
    'A transfer inside the call failed (for example, it would leave an account below the existential deposit).',
  'Contracts.DecodingFailed': 'The contract could not decode the call.',
  'Contracts.ReentranceDenied': 'The contract refused to be called again while it was running.',
  'Contracts.MaxCallDepthReached': 'The call nested too many contract calls.',
  'Contracts.ValueTooLarge': 'A value passed to or returned by the contract is too large.',
  'Balances.InsufficientBalance': "The account's balance is too low for this call and its fee.",
  'Balances.ExistentialDeposit':
    'The transfer would leave an account below the existential deposit.',
  'Balances.Expendability': 'The transfer would kill an account that must stay alive.',
  'Balances.LiquidityRestrictions': 'The account has funds, but they are locked or reserved.',
  'Balances.FundsUnavailable': "The account's balance is too low for this call and its fee.",
};

/**
 * In a dry run the storage deposit limit is the caller's balance, so running out
 * of it means the account cannot pay, not that a limit was set too low.
 */
const DRY_RUN_ERRORS: Record<string, string> = {
  'Contracts.StorageDepositLimitExhausted':
    "The account's balance cannot pay the storage deposit this call needs: top up its balance.",
  'Contracts.OutOfGas': 'The call needs more gas than a block allows.',
  'Contracts.TransferFailed':
    "The account's balance cannot pay the amount this call carries (or paying it would leave the account below the existential deposit).",
};

/**
 * A pallet error as a sentence: the known ones in plain words, the others from
 * the pallet's docs. `dryRun`: the error came from a dry run, not a transaction.
 */
export function palletErrorMessage(error: PalletError, dryRun = false): string {
  const key = `${error.pallet}.${error.name}`;
  const known = (dryRun ? DRY_RUN_ERRORS[key] : undefined) ?? MODULE_ERRORS[key];
  if (known) return known;
  const docs = error.docs.join(' ').trim();
  return `The chain refused the call (${error.pallet}.${error.name})${docs ? `: ${docs}` : '.'}`;
}

const TOKEN_ERRORS: Record<string, string> = {
  FundsUnavailable: "The account's balance is too low for this call.",
  OnlyProvider: 'The account would be killed: it must keep the existential deposit.',
  BelowMinimum: 'The amount is below the existential deposit.',
  CannotCreate: 'The receiving account cannot be created.',
  UnknownAsset: 'The asset is unknown.',
  Frozen: 'The funds are frozen.',
  Unsupported: 'The operation is not supported by the asset.',
  CannotCreateHold: 'The account cannot hold more reserved funds.',
  NotExpendable: 'The withdrawal would kill an account that must stay alive.',
  Blocked: 'The account is blocked.',
};

/**
 * A runtime `DispatchError` in words. `findErrorMeta` is the client registry's
 * lookup of module errors (passed in so this stays testable without a node).
 */
export function dispatchErrorMessage(
  error: { type: string; value?: unknown },
  findErrorMeta: (error: never) => PalletError | undefined,
  dryRun = false,
): string {
  switch (error.type) {
    case 'Module': {
      const meta = findErrorMeta(error as never);
      return meta ? palletErrorMessage(meta, dryRun) : 'The chain refused the call with an error this app cannot name.';
    }
    case 'Token':
      return TOKEN_ERRORS[String(error.value)] ?? `The chain refused a token operation (${String(error.value)}).`;
    case 'BadOrigin':
      return 'The chain refused the call: the account may not make it.';
    case 'Arithmetic':
      return `An amount would overflow or underflow (${String(error.value)}).`;
    case 'ConsumerRemaining':
    case 'NoProviders':
    case 'TooManyConsumers':
      return `The chain refused the call: the account's reference counters forbid it (${error.type}).`;
    case 'Exhausted':
      return 'The chain has run out of the resources this call needs; try again later.';
    default:
      return `The chain refused the call (${error.type}).`;
  }
}

/**
 * What the node's transaction pool answered, in words. Its errors arrive as
 * JSON-RPC errors whose text names the condition; the most common one on a dev
 * chain is an account that cannot pay the fee.
 */
export function poolErrorMessage(text: string): string {
  if (/Inability to pay some fees|balance too low/i.test(text)) {
    return "The account's balance cannot pay this transaction's fee.";
  }
  if (/Transaction is outdated|Priority is too low|already imported/i.test(text)) {
    return 'The node refused the transaction as a duplicate of one it already has (wait for it, then try again).';
  }
  if (/bad signature/i.test(text)) return 'The node refused the signature: the wallet signed for another chain or account.';
  return `The node refused the transaction: ${text}`;
}
