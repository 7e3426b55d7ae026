//! Every contract's typed refusals as sentences a user can act on. Each match
//! below names every variant, with no catch-all arm, so a variant added to a
//! contract fails this build until it has its sentence.

use crate::{ss58, utc};
use modelmint_common::admin::{AdminError, Link};
use modelmint_common::licensing::Use;
use modelmint_common::market::MarketError;
use modelmint_common::psp34::PSP34Error;
use modelmint_common::types::ShareError;
use modelmint_common::AssetKind;
use modelmint_gateway::GatewayError;
use modelmint_registry::{RegistryError, TextField};

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// A typed refusal of any ModelMint contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContractError {
    /// The registry's own messages.
    Registry(RegistryError),
    /// The registry's PSP34 token messages.
    Psp34(PSP34Error),
    /// The market (its own code and its desk's: one contract, one error).
    Market(MarketError),
    /// The example inference gateway.
    Gateway(GatewayError),
    /// The administration messages every contract shares.
    Admin(AdminError),
}

macro_rules! from_error {
    ($($error:ty => $variant:ident),* $(,)?) => {
        $(impl From<$error> for ContractError {
            fn from(error: $error) -> Self {
                Self::$variant(error)
            }
        })*
    };
}

from_error!(
    RegistryError => Registry,
    PSP34Error => Psp34,
    MarketError => Market,
    GatewayError => Gateway,
    AdminError => Admin,
);

impl ContractError {
    /// The error's variant path, e.g. `Admin::Paused` or
    /// `InvalidShares::ZeroShare`: the name the contracts' docs use.
    pub fn variant(&self) -> String {
        let debug = match self {
            Self::Registry(error) => format!("{error:?}"),
            Self::Psp34(error) => format!("{error:?}"),
            Self::Market(error) => format!("{error:?}"),
            Self::Gateway(error) => format!("{error:?}"),
            Self::Admin(error) => format!("{error:?}"),
        };
        let mut path = Vec::new();
        let mut rest = debug.as_str();
        loop {
            let end = rest.find([' ', '{', '(', ')']).unwrap_or(rest.len());
            path.push(&rest[..end]);
            // A tuple variant wraps another error: follow it.
            match rest[end..].strip_prefix('(') {
                Some(inner) if inner.starts_with(|c: char| c.is_ascii_uppercase()) => rest = inner,
                _ => break,
            }
        }
        path.join("::")
    }
}

/// The sentence that explains `error`, with the ids, amounts, accounts (SS58)
/// and times it carries.
pub fn sentence(error: &ContractError) -> String {
    match error {
        ContractError::Registry(error) => registry(error),
        ContractError::Psp34(error) => psp34(error),
        ContractError::Market(error) => market(error),
        ContractError::Gateway(error) => gateway(error),
        ContractError::Admin(error) => admin(error),
    }
}

fn registry(error: &RegistryError) -> String {
    match error {
        RegistryError::AlreadyRegistered { existing } => {
            format!("a model with this content root is already registered, as model {existing}")
        }
        RegistryError::EmptyField { field } => format!("the model's {} is empty", text_field(*field)),
        RegistryError::FieldTooLong { field, length, max } => format!(
            "the model's {} is {length} bytes long; at most {max} are stored",
            text_field(*field)
        ),
        RegistryError::UnknownModel { model } => format!("no model has id {model}"),
        RegistryError::NotModelOwner { model, owner } => {
            format!("model {model} belongs to {}: only its owner may do this", ss58(owner))
        }
        RegistryError::NotApproved => {
            "you neither own this model nor are approved to act for its owner".into()
        }
        RegistryError::SelfApprove => "an owner cannot approve themselves as operator".into(),
        RegistryError::TransferToSelf => "the recipient already owns this model".into(),
        RegistryError::PreviousVersionNotOwned { previous, owner } => format!(
            "the previous version, model {previous}, belongs to {}, not to you",
            ss58(owner)
        ),
        RegistryError::TooManyParents { count, max } => {
            format!("{count} parents were named; a model has at most {max}")
        }
        RegistryError::DuplicateParent { parent } => format!("model {parent} is named twice as a parent"),
        RegistryError::NoDerivativeRight { parent } => format!(
            "you may not derive from model {parent}: you neither own it, nor hold a valid license on it that allows derivatives, nor have its owner's approval"
        ),
        RegistryError::RoyaltyStackTooHigh { total_bps } => format!(
            "the model's obligations (its parents' shares and those it inherits from them and from its previous version) add up to {}, over 100 %",
            percent(*total_bps)
        ),
        RegistryError::TooManyObligations { count, max } => format!(
            "the model would owe a share to {count} ancestors; at most {max} are allowed"
        ),
        RegistryError::TooManyAncestors { count, max } => {
            format!("the model would have {count} ancestors; at most {max} are allowed")
        }
        RegistryError::RoyaltyAboveMaximum { parent, royalty_bps, max_royalty_bps } => format!(
            "model {parent} would take {} of this model's revenue, above the {} you accept",
            percent(u32::from(*royalty_bps)),
            percent(u32::from(*max_royalty_bps))
        ),
        RegistryError::NoDerivativeApproval { parent } => {
            format!("there is no derivative approval on model {parent} for that account")
        }
        RegistryError::RoyaltyOutOfRange { royalty_bps } => {
            format!("a royalty of {} is above 100 %", percent(u32::from(*royalty_bps)))
        }
        RegistryError::MetadataFrozen { model } => {
            format!("model {model}'s metadata is frozen for good")
        }
        RegistryError::StatusUnchanged { model, status } => {
            format!("model {model} already is {status:?}")
        }
        RegistryError::InvalidPageSize { limit, max } => {
            format!("a page of {limit} was asked for; pages hold 1 to {max} entries")
        }
        RegistryError::MarketUnavailable => {
            "the registry could not reach the market it is wired to (none is wired, or it refused the model's record); nothing changed".into()
        }
        RegistryError::Admin(error) => admin(error),
        RegistryError::InvalidCommitWindow { min_blocks, max_blocks } => format!(
            "a commit window of {min_blocks} to {max_blocks} blocks is invalid: it needs 1 <= min < max"
        ),
        RegistryError::CommitmentExists { block } => {
            format!("you already made this commitment, in block {block}")
        }
        RegistryError::NoCommitment => {
            "you have no commitment to this content root with this salt: commit first, then register".into()
        }
        RegistryError::CommitmentTooRecent { ready_at } => {
            format!("the commitment is too recent: it can be revealed from block {ready_at} on")
        }
        RegistryError::CommitmentExpired { expired_after } => format!(
            "the commitment could be revealed until block {expired_after} only: cancel it and commit again"
        ),
        RegistryError::ZeroDisputeDeposit => "a dispute deposit must be above zero".into(),
        RegistryError::WrongDisputeDeposit { required, paid } => {
            format!("raising a dispute takes exactly {required}; {paid} was attached")
        }
        RegistryError::OwnModelDisputed { model } => {
            format!("you own model {model}: an owner does not dispute their own model")
        }
        RegistryError::NoArbiter => {
            "no arbiter is wired to the registry to rule on disputes, so none can be raised".into()
        }
        RegistryError::UnknownDispute { dispute } => format!("no dispute has id {dispute}"),
        RegistryError::DisputeClosed { dispute } => {
            format!("the arbiter already ruled on dispute {dispute}")
        }
        RegistryError::DisputeOpen { dispute } => {
            format!("the arbiter has not ruled on dispute {dispute} yet")
        }
        RegistryError::NotClaimant { dispute, claimant } => format!(
            "only {}, who raised dispute {dispute}, may clear it",
            ss58(claimant)
        ),
        RegistryError::NotArbiter => "only the arbiter wired to the registry rules on disputes".into(),
        RegistryError::ModelDisputed { model } => format!(
            "the arbiter upheld a dispute against model {model}: no new versions or derivatives of it, and only the arbiter changes its status"
        ),
        RegistryError::InvalidRuling => {
            "--void-from needs --reassign, and an epoch below the one the reassignment starts".into()
        }
        RegistryError::TooManyVoidedRanges { max } => {
            format!("the model already carries {max} voided epoch ranges, the most it may")
        }
        RegistryError::DepositTransferFailed => {
            "the registry could not send the dispute deposit; nothing changed".into()
        }
        RegistryError::Overflow => "a registry counter would overflow".into(),
        RegistryError::OwnerEpochOverflow => {
            "this model's token has changed hands the most times a token can".into()
        }
        RegistryError::ModelIdsExhausted => "every model id has been issued".into(),
        RegistryError::BalanceOverflow => "the recipient holds the most models an account can".into(),
        RegistryError::StrandingRecipient { recipient } => format!(
            "{} is the registry or its market: a ModelMint contract cannot sell, split or withdraw \
             for a model, so what it earns would be stranded there for good",
            ss58(recipient)
        ),
        RegistryError::ApprovalStillHeld { parent, account, until } => format!(
            "the derivative approval on model {parent} for {} is revoked, but a registration committed \
             before the revocation may still use it until block {until}; its cell can be removed \
             after that block",
            ss58(account)
        ),
        RegistryError::NotReassigned { dispute } => format!(
            "dispute {dispute} did not give its model to the claimant: there is nothing to restore"
        ),
        RegistryError::NotRestorable { model } => format!(
            "model {model} is not a version or derivative of the disputed model that its losing \
             owner registered and still holds"
        ),
        RegistryError::LineageCycle { parent } => {
            format!("model {parent} is the model itself or derives from it: it cannot be its parent")
        }
        RegistryError::ModelInEscrow { model, until } => format!(
            "model {model}'s revenue is held in escrow until {} while a dispute against it is open: its token does not move until the ruling, or until the escrow is released once due",
            utc(*until)
        ),
        RegistryError::NoEscrow { model } => format!("model {model}'s revenue is not held in escrow"),
        RegistryError::EscrowNotDue { model, until } => format!(
            "model {model}'s escrow may be released from {} on, unless the arbiter rules first",
            utc(*until)
        ),
        RegistryError::TooManyDatasets { count, max } => {
            format!("{count} datasets are named as training data; at most {max} are allowed")
        }
        RegistryError::RelationMismatch { parent, relation, kind } => format!(
            "asset {parent} is a {}, which a {relation:?} edge cannot name: a model is trained on \
             datasets (--trained-on) and derives from models (--parent)",
            kind_name(*kind)
        ),
        RegistryError::VersionKindMismatch { previous, kind } => format!(
            "the previous version {previous} is a {}: a new version is of the same kind as the one it follows",
            kind_name(*kind)
        ),
        RegistryError::DatasetWithParents => {
            "a dataset names no parents: its lineage is its previous versions".into()
        }
    }
}

fn text_field(field: TextField) -> &'static str {
    match field {
        TextField::Name => "name",
        TextField::Version => "version",
        TextField::Uri => "URI",
    }
}

fn psp34(error: &PSP34Error) -> String {
    match error {
        PSP34Error::Custom(name) => format!("the registry refused the token call: {name}"),
        PSP34Error::SelfApprove => "an owner cannot approve themselves as operator".into(),
        PSP34Error::NotApproved => {
            "you are neither the token's owner nor an approved operator".into()
        }
        PSP34Error::TokenExists => "a token with this id already exists".into(),
        PSP34Error::TokenNotExists => "no token has this id".into(),
        PSP34Error::SafeTransferCheckFailed(reason) => {
            format!("the receiving contract rejected the transfer: {reason}")
        }
    }
}

fn market(error: &MarketError) -> String {
    match error {
        MarketError::UnknownModel { model } => {
            format!("the market knows no model {model} (the registry has not pushed it: `modelmint model resync {model}` repairs a missed push)")
        }
        MarketError::NotModelOwner { model, owner } => format!(
            "model {model} belongs to {}: only its owner may do this",
            ss58(owner)
        ),
        MarketError::UnknownOffer { offer } => format!("no offer has id {offer}"),
        MarketError::UnknownLicense { license } => format!("no license has id {license}"),
        MarketError::InvalidUses { bits } => {
            format!("the permitted uses (bits {bits:#06b}) are empty or name no use")
        }
        MarketError::RoyaltyOutOfRange { royalty_bps } => {
            format!("a derivative royalty of {} is above 100 %", percent(u32::from(*royalty_bps)))
        }
        MarketError::ZeroDuration => "a license period must be longer than zero".into(),
        MarketError::DurationTooLong { max } => {
            format!("a license period may be at most {} days", max / DAY_MS)
        }
        MarketError::DurationOverflow => "the expiry would not fit the chain's clock".into(),
        MarketError::ZeroCap => "a cap on the number of licenses must be at least one".into(),
        MarketError::EmptyLegalUri => "the legal text's URI is empty".into(),
        MarketError::LegalUriTooLong { length, max } => {
            format!("the legal text's URI is {length} bytes long; at most {max} are stored")
        }
        MarketError::TooManyOffers { model, max } => format!(
            "model {model} already has {max} open or paused offers, the most it may have: close one first"
        ),
        MarketError::DerivativesNeedUse { needed } => format!(
            "an offer that grants a derivative royalty must permit {}, the use that makes derivatives of its asset",
            use_name(*needed)
        ),
        MarketError::UsesNotForKind { bits, kind } => format!(
            "the permitted uses (bits {bits:#07b}) include one that a {}'s license cannot grant: a model's \
             licenses grant research, inference, fine-tuning and redistribution; a dataset's research, \
             training and redistribution",
            kind_name(*kind)
        ),
        MarketError::OfferPaused { offer } => {
            format!("offer {offer} is paused by the model's owner")
        }
        MarketError::OfferClosed { offer } => format!("offer {offer} is closed for good"),
        MarketError::OfferOfPreviousOwner { offer } => format!(
            "offer {offer} was opened by a previous owner of the model: it sells again once the current owner opens it"
        ),
        MarketError::OfferStateUnchanged { offer } => {
            format!("offer {offer} already is in that state")
        }
        MarketError::ModelDisputed { model } => format!(
            "the arbiter upheld a dispute against model {model}: no licenses are sold or renewed"
        ),
        MarketError::ModelDeprecated { model } => {
            format!("model {model} is deprecated: no licenses are sold or renewed")
        }
        MarketError::PriceAboveMaximum { price, max_price } => {
            format!("the price {price} is above the {max_price} you agreed to pay (--max-price)")
        }
        MarketError::InsufficientPayment { required, paid } => {
            format!("the call carried {paid}, less than the price {required}")
        }
        MarketError::Overpayment { required, paid } => {
            format!("the call carried {paid}, more than the price {required}")
        }
        MarketError::CapReached { cap } => format!("all {cap} licenses of the offer are sold"),
        MarketError::TooManyLicenses { max } => {
            format!("the account already holds {max} unexpired licenses on this model, the most it may")
        }
        MarketError::NotHolder { license } => {
            format!("you do not hold license {license}: only its holder may do this")
        }
        MarketError::NotTransferable { license } => {
            format!("license {license}'s terms do not allow transfers")
        }
        MarketError::LicenseExpired { license, expired_at } => format!(
            "license {license} expired at {}: renew it first",
            utc(*expired_at)
        ),
        MarketError::LicenseVoided { license } => format!(
            "an arbiter's ruling voided license {license}: it grants nothing and cannot be renewed or transferred"
        ),
        MarketError::NoTransferOffer { license } => {
            format!("license {license} is not offered to you (or to anyone)")
        }
        MarketError::TransferToSelf => "the recipient already holds this license".into(),
        MarketError::NotRenewable { license } => {
            format!("license {license} is perpetual: there is nothing to renew")
        }
        MarketError::NotLicensed { model, account } => format!(
            "{} holds no license on model {model} that is valid now and permits this use",
            ss58(account)
        ),
        MarketError::ZeroDeposit => "a deposit must carry a non-zero amount".into(),
        MarketError::InvalidShares(error) => shares(error),
        MarketError::DuplicateRecipient { index } => {
            format!("recipient {} is listed twice", index.saturating_add(1))
        }
        MarketError::RecipientMembershipsFull { account, max } => format!(
            "{} already receives from {max} models' splits, the most an account may",
            ss58(account)
        ),
        MarketError::NoSplit { model } => format!("model {model} has no split"),
        MarketError::NotARecipient { model } => {
            format!("you are not listed in model {model}'s split")
        }
        MarketError::AlreadyAccepted { model } => {
            format!("you already accepted model {model}'s split")
        }
        MarketError::OwnerCannotLeave { model } => format!(
            "you own model {model}: change or clear its split instead of leaving it"
        ),
        MarketError::NotPayee { model } => format!(
            "model {model}'s revenue is not this account's to collect: it does not own the model, or the model's split takes it"
        ),
        MarketError::TooManyModels { max } => {
            format!("one withdrawal collects at most {max} models: withdraw again for the rest")
        }
        MarketError::NothingOwed => "nothing is owed to this account".into(),
        MarketError::TransferFailed { amount } => format!(
            "the chain refused to transfer {amount} (below the existential deposit to an empty account?); it stays owed"
        ),
        MarketError::MarketAsPayee => {
            "the market itself cannot be paid: money owed to it could never leave".into()
        }
        MarketError::NothingToSweep => "the market holds nothing beyond what it owes".into(),
        MarketError::NotRegistry => {
            "only the registry wired to the market pushes model records to it".into()
        }
        MarketError::LibraryOnly => {
            "the market's desk is library code the market runs: it is never instantiated or called on its own".into()
        }
        MarketError::Overflow => "a market counter or amount would overflow".into(),
        MarketError::Admin(error) => admin(error),
        MarketError::ModelInEscrow { model } => format!(
            "model {model}'s revenue is held in escrow while a dispute against it is open: it is paid out after the ruling (to the rightful owner) or once the escrow is released"
        ),
    }
}

fn shares(error: &ShareError) -> String {
    match error {
        ShareError::NoRecipients => "a split needs at least one recipient".into(),
        ShareError::TooManyRecipients { count, max } => {
            format!("the split names {count} recipients; at most {max} are allowed")
        }
        ShareError::ZeroShare { index } => {
            format!("recipient {} has a share of zero", index.saturating_add(1))
        }
        ShareError::SharesDoNotSumToWhole { total } => {
            format!("the shares add up to {total} parts per million instead of exactly 1000000")
        }
    }
}

fn gateway(error: &GatewayError) -> String {
    match error {
        GatewayError::ModelNotServed { model } => {
            format!("the gateway's operator set no fee for model {model}: it is not served")
        }
        GatewayError::WrongFee { required, paid } => {
            format!("a request must carry exactly the fee {required}, not {paid}")
        }
        GatewayError::NotLicensed { model } => format!(
            "you hold no license on model {model} that is valid now, not voided, and permits commercial inference"
        ),
        GatewayError::MarketUnavailable => {
            "the gateway could not call the market it is wired to".into()
        }
        GatewayError::Market(error) => {
            format!("the market refused the fee: {}", market(error))
        }
        GatewayError::Overflow => "the gateway's request counter would overflow".into(),
        GatewayError::Admin(error) => admin(error),
    }
}

fn admin(error: &AdminError) -> String {
    match error {
        AdminError::NotAdmin => {
            "only the contract's administrator may do this (or administration was renounced)".into()
        }
        AdminError::NotProposedAdmin => {
            "only the account proposed as the next administrator may accept".into()
        }
        AdminError::Paused => "the contract is paused: it takes on no new obligations".into(),
        AdminError::PauseUnchanged => "the contract already is in that pause state".into(),
        AdminError::UnknownCodeHash { code_hash } => format!(
            "no contract code with hash 0x{} is on chain: upload it first",
            hex::encode(code_hash.as_ref())
        ),
        AdminError::ZeroDelay => {
            "a zero timelock must be asked for as Disabled, not as a delay of 0".into()
        }
        AdminError::DelayTooLong { max } => {
            format!("a timelock may be at most {} days", max / (24 * 60 * 60 * 1000))
        }
        AdminError::ActionPending { ready_at } => format!(
            "an action is already scheduled (executable from {}): cancel or execute it first",
            utc(*ready_at)
        ),
        AdminError::NothingScheduled => "no action is scheduled".into(),
        AdminError::TooEarly { ready_at, now } => format!(
            "the scheduled action may be executed from {} on; it is {}",
            utc(*ready_at),
            utc(*now)
        ),
        AdminError::UnusedLink { link } => {
            format!("this contract calls no {} contract: that link cannot be wired", link_name(*link))
        }
        AdminError::WiringAlreadySet => {
            "the wiring was set already: changes go through a scheduled rewiring".into()
        }
        AdminError::LayoutMismatch { stored, code } => format!(
            "the stored data is at layout version {stored} and this code reads {code}: state changes wait for the migration"
        ),
        AdminError::ActionExpired { expired_at } => format!(
            "the scheduled action could be executed until {}: it expired, so schedule it again (users get the full delay again) or cancel it",
            utc(*expired_at)
        ),
        AdminError::GraceOutOfRange { max } => format!(
            "the grace period of scheduled actions must be at least 1 ms and at most {} days",
            max / (24 * 60 * 60 * 1000)
        ),
    }
}

/// A link's name, as `admin status` and the errors print it.
pub fn link_name(link: Link) -> &'static str {
    match link {
        Link::Registry => "registry",
        Link::Market => "market",
        Link::Arbiter => "arbiter",
    }
}

/// A use as the command line's `--uses` names it.
fn use_name(use_: Use) -> &'static str {
    match use_ {
        Use::Research => "research",
        Use::CommercialInference => "inference",
        Use::FineTuning => "fine-tuning",
        Use::Redistribution => "redistribution",
        Use::Training => "training",
    }
}

/// An asset's kind, in a sentence.
fn kind_name(kind: AssetKind) -> &'static str {
    match kind {
        AssetKind::Model => "model",
        AssetKind::Dataset => "dataset",
    }
}

/// Basis points as a percentage: 1000 -> "10 %", 250 -> "2.5 %".
fn percent(bps: u32) -> String {
    let (whole, rest) = (bps / 100, bps % 100);
    if rest == 0 {
        format!("{whole} %")
    } else {
        format!("{whole}.{} %", format!("{rest:02}").trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_account;
    use std::collections::HashSet;

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn refusals_read_as_sentences_with_their_context() {
        let alice = parse_account(ALICE).unwrap();
        let cases: [(ContractError, &str); 9] = [
            (
                MarketError::PriceAboveMaximum { price: 5, max_price: 4 }.into(),
                "the price 5 is above the 4 you agreed to pay (--max-price)",
            ),
            (
                MarketError::NotModelOwner { model: 3, owner: alice }.into(),
                "model 3 belongs to 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY: only its owner may do this",
            ),
            (
                MarketError::InvalidShares(ShareError::SharesDoNotSumToWhole { total: 400_000 })
                    .into(),
                "the shares add up to 400000 parts per million instead of exactly 1000000",
            ),
            (
                MarketError::LicenseExpired { license: 2, expired_at: 86_400_000 }.into(),
                "license 2 expired at 1970-01-02 00:00:00 UTC: renew it first",
            ),
            (
                RegistryError::RoyaltyAboveMaximum { parent: 1, royalty_bps: 1250, max_royalty_bps: 1000 }
                    .into(),
                "model 1 would take 12.5 % of this model's revenue, above the 10 % you accept",
            ),
            (
                MarketError::Admin(AdminError::Paused).into(),
                "the contract is paused: it takes on no new obligations",
            ),
            (
                GatewayError::Market(MarketError::ZeroDeposit).into(),
                "the market refused the fee: a deposit must carry a non-zero amount",
            ),
            (
                MarketError::TooManyModels { max: 32 }.into(),
                "one withdrawal collects at most 32 models: withdraw again for the rest",
            ),
            (
                RegistryError::TooManyObligations { count: 17, max: 16 }.into(),
                "the model would owe a share to 17 ancestors; at most 16 are allowed",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(sentence(&error), expected);
        }
    }

    /// One of each market refusal. The match below names every variant with
    /// no catch-all, so a variant added to `MarketError` fails this test's
    /// build until it is listed here too.
    fn every_market_error() -> Vec<MarketError> {
        let alice = parse_account(ALICE).unwrap();
        let all = vec![
            MarketError::UnknownModel { model: 1 },
            MarketError::NotModelOwner { model: 1, owner: alice },
            MarketError::UnknownOffer { offer: 1 },
            MarketError::UnknownLicense { license: 1 },
            MarketError::InvalidUses { bits: 0 },
            MarketError::RoyaltyOutOfRange { royalty_bps: 10_001 },
            MarketError::ZeroDuration,
            MarketError::DurationTooLong { max: DAY_MS },
            MarketError::DurationOverflow,
            MarketError::ZeroCap,
            MarketError::EmptyLegalUri,
            MarketError::LegalUriTooLong { length: 300, max: 256 },
            MarketError::TooManyOffers { model: 1, max: 16 },
            MarketError::DerivativesNeedUse { needed: Use::FineTuning },
            MarketError::UsesNotForKind { bits: 0b1_0001, kind: AssetKind::Model },
            MarketError::OfferPaused { offer: 1 },
            MarketError::OfferClosed { offer: 1 },
            MarketError::OfferOfPreviousOwner { offer: 1 },
            MarketError::OfferStateUnchanged { offer: 1 },
            MarketError::ModelDisputed { model: 1 },
            MarketError::ModelDeprecated { model: 1 },
            MarketError::PriceAboveMaximum { price: 2, max_price: 1 },
            MarketError::InsufficientPayment { required: 2, paid: 1 },
            MarketError::Overpayment { required: 1, paid: 2 },
            MarketError::CapReached { cap: 1 },
            MarketError::TooManyLicenses { max: 8 },
            MarketError::NotHolder { license: 1 },
            MarketError::NotTransferable { license: 1 },
            MarketError::LicenseExpired { license: 1, expired_at: 0 },
            MarketError::LicenseVoided { license: 1 },
            MarketError::NoTransferOffer { license: 1 },
            MarketError::TransferToSelf,
            MarketError::NotRenewable { license: 1 },
            MarketError::NotLicensed { model: 1, account: alice },
            MarketError::ZeroDeposit,
            MarketError::InvalidShares(ShareError::NoRecipients),
            MarketError::DuplicateRecipient { index: 0 },
            MarketError::RecipientMembershipsFull { account: alice, max: 64 },
            MarketError::NoSplit { model: 1 },
            MarketError::NotARecipient { model: 1 },
            MarketError::AlreadyAccepted { model: 1 },
            MarketError::OwnerCannotLeave { model: 1 },
            MarketError::NotPayee { model: 1 },
            MarketError::TooManyModels { max: 32 },
            MarketError::NothingOwed,
            MarketError::TransferFailed { amount: 1 },
            MarketError::MarketAsPayee,
            MarketError::NothingToSweep,
            MarketError::NotRegistry,
            MarketError::LibraryOnly,
            MarketError::Overflow,
            MarketError::Admin(AdminError::NotAdmin),
            MarketError::ModelInEscrow { model: 1 },
        ];
        let listed = |error: &MarketError| match error {
            MarketError::UnknownModel { .. }
            | MarketError::NotModelOwner { .. }
            | MarketError::UnknownOffer { .. }
            | MarketError::UnknownLicense { .. }
            | MarketError::InvalidUses { .. }
            | MarketError::RoyaltyOutOfRange { .. }
            | MarketError::ZeroDuration
            | MarketError::DurationTooLong { .. }
            | MarketError::DurationOverflow
            | MarketError::ZeroCap
            | MarketError::EmptyLegalUri
            | MarketError::LegalUriTooLong { .. }
            | MarketError::TooManyOffers { .. }
            | MarketError::DerivativesNeedUse { .. }
            | MarketError::UsesNotForKind { .. }
            | MarketError::OfferPaused { .. }
            | MarketError::OfferClosed { .. }
            | MarketError::OfferOfPreviousOwner { .. }
            | MarketError::OfferStateUnchanged { .. }
            | MarketError::ModelDisputed { .. }
            | MarketError::ModelDeprecated { .. }
            | MarketError::PriceAboveMaximum { .. }
            | MarketError::InsufficientPayment { .. }
            | MarketError::Overpayment { .. }
            | MarketError::CapReached { .. }
            | MarketError::TooManyLicenses { .. }
            | MarketError::NotHolder { .. }
            | MarketError::NotTransferable { .. }
            | MarketError::LicenseExpired { .. }
            | MarketError::LicenseVoided { .. }
            | MarketError::NoTransferOffer { .. }
            | MarketError::TransferToSelf
            | MarketError::NotRenewable { .. }
            | MarketError::NotLicensed { .. }
            | MarketError::ZeroDeposit
            | MarketError::InvalidShares(_)
            | MarketError::DuplicateRecipient { .. }
            | MarketError::RecipientMembershipsFull { .. }
            | MarketError::NoSplit { .. }
            | MarketError::NotARecipient { .. }
            | MarketError::AlreadyAccepted { .. }
            | MarketError::OwnerCannotLeave { .. }
            | MarketError::NotPayee { .. }
            | MarketError::TooManyModels { .. }
            | MarketError::NothingOwed
            | MarketError::TransferFailed { .. }
            | MarketError::MarketAsPayee
            | MarketError::NothingToSweep
            | MarketError::NotRegistry
            | MarketError::LibraryOnly
            | MarketError::Overflow
            | MarketError::Admin(_)
            | MarketError::ModelInEscrow { .. } => true,
        };
        assert!(all.iter().all(listed));
        all
    }

    #[test]
    fn every_market_refusal_has_a_sentence_of_its_own() {
        let all = every_market_error();
        let sentences: HashSet<String> =
            all.iter().map(|error| sentence(&error.clone().into())).collect();
        assert_eq!(sentences.len(), all.len(), "two market refusals read the same");
        let variants: HashSet<String> =
            all.iter().map(|error| ContractError::from(error.clone()).variant()).collect();
        assert_eq!(variants.len(), all.len(), "two market refusals have the same name");
    }

    #[test]
    fn variants_are_named_by_their_path() {
        assert_eq!(
            ContractError::from(MarketError::PriceAboveMaximum { price: 5, max_price: 4 })
                .variant(),
            "PriceAboveMaximum"
        );
        assert_eq!(ContractError::from(MarketError::NothingOwed).variant(), "NothingOwed");
        assert_eq!(
            ContractError::from(MarketError::Admin(AdminError::Paused)).variant(),
            "Admin::Paused"
        );
        assert_eq!(
            ContractError::from(GatewayError::Market(MarketError::InvalidShares(
                ShareError::ZeroShare { index: 0 }
            )))
            .variant(),
            "Market::InvalidShares::ZeroShare"
        );
        assert_eq!(
            ContractError::from(RegistryError::MarketUnavailable).variant(),
            "MarketUnavailable"
        );
        assert_eq!(ContractError::from(PSP34Error::Custom("Paused".into())).variant(), "Custom");
    }

    #[test]
    fn links_are_named_as_the_admin_commands_name_them() {
        let names: Vec<&str> = Link::ALL.iter().map(|link| link_name(*link)).collect();
        assert_eq!(names, ["registry", "market", "arbiter"]);
    }

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(percent(1000), "10 %");
        assert_eq!(percent(1250), "12.5 %");
        assert_eq!(percent(5), "0.05 %");
        assert_eq!(percent(10_000), "100 %");
    }
}
