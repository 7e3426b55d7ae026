//! Every contract's typed refusals as sentences a user can act on. Each match
//! below names every variant, with no catch-all arm, so a variant added to a
//! contract fails this build until it has its sentence.

use crate::{ss58, utc};
use modelmint_common::admin::{AdminError, Link};
use modelmint_common::psp34::PSP34Error;
use modelmint_common::royalties::RoyaltyError;
use modelmint_common::types::ShareError;
use modelmint_gateway::GatewayError;
use modelmint_licensing::LicensingError;
use modelmint_registry::{RegistryError, TextField};

/// A typed refusal of any ModelMint contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContractError {
    /// The registry's own messages.
    Registry(RegistryError),
    /// The registry's PSP34 token messages.
    Psp34(PSP34Error),
    /// The licensing contract.
    Licensing(LicensingError),
    /// The royalties contract.
    Royalties(RoyaltyError),
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
    LicensingError => Licensing,
    RoyaltyError => Royalties,
    GatewayError => Gateway,
    AdminError => Admin,
);

impl ContractError {
    /// The error's variant path, e.g. `Admin::Paused` or
    /// `Royalty::InvalidShares::ZeroShare`: the name the contracts' docs use.
    pub fn variant(&self) -> String {
        let debug = match self {
            Self::Registry(error) => format!("{error:?}"),
            Self::Psp34(error) => format!("{error:?}"),
            Self::Licensing(error) => format!("{error:?}"),
            Self::Royalties(error) => format!("{error:?}"),
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
        ContractError::Licensing(error) => licensing(error),
        ContractError::Royalties(error) => royalty(error),
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
            "the parents' royalty shares add up to {}, over 100 %",
            percent(*total_bps)
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
            format!("no derivative approval on model {parent} is addressed to you")
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
        RegistryError::LicensingUnavailable => {
            "the registry could not ask the licensing contract it is wired to".into()
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
        RegistryError::DepositTransferFailed => {
            "the registry could not send the dispute deposit; nothing changed".into()
        }
        RegistryError::Overflow => "a registry counter would overflow".into(),
        RegistryError::OwnerEpochOverflow => {
            "this model's token has changed hands the most times a token can".into()
        }
        RegistryError::ModelIdsExhausted => "every model id has been issued".into(),
        RegistryError::BalanceOverflow => "the recipient holds the most models an account can".into(),
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

fn licensing(error: &LicensingError) -> String {
    match error {
        LicensingError::UnknownModel { model } => format!("no model has id {model}"),
        LicensingError::NotModelOwner { model, owner } => format!(
            "model {model} belongs to {}: only its owner manages its offers",
            ss58(owner)
        ),
        LicensingError::UnknownOffer { offer } => format!("no offer has id {offer}"),
        LicensingError::UnknownLicense { license } => format!("no license has id {license}"),
        LicensingError::InvalidUses { bits } => {
            format!("the permitted uses (bits {bits:#06b}) are empty or name no use")
        }
        LicensingError::RoyaltyOutOfRange { royalty_bps } => {
            format!("a derivative royalty of {} is above 100 %", percent(u32::from(*royalty_bps)))
        }
        LicensingError::ZeroDuration => "a license period must be longer than zero".into(),
        LicensingError::DurationTooLong { max } => {
            format!("a license period may be at most {} days", max / (24 * 60 * 60 * 1000))
        }
        LicensingError::DurationOverflow => "the expiry would not fit the chain's clock".into(),
        LicensingError::ZeroCap => "a cap on the number of licenses must be at least one".into(),
        LicensingError::EmptyLegalUri => "the legal text's URI is empty".into(),
        LicensingError::LegalUriTooLong { length, max } => {
            format!("the legal text's URI is {length} bytes long; at most {max} are stored")
        }
        LicensingError::TooManyOffers { model, max } => format!(
            "model {model} already has {max} open or paused offers, the most it may have: close one first"
        ),
        LicensingError::OfferPaused { offer } => {
            format!("offer {offer} is paused by the model's owner")
        }
        LicensingError::OfferClosed { offer } => format!("offer {offer} is closed for good"),
        LicensingError::OfferOfPreviousOwner { offer } => format!(
            "offer {offer} was opened by a previous owner of the model: it sells again once the current owner opens it"
        ),
        LicensingError::OfferStateUnchanged { offer } => {
            format!("offer {offer} already is in that state")
        }
        LicensingError::ModelDisputed { model } => format!(
            "the arbiter upheld a dispute against model {model}: no licenses are sold or renewed"
        ),
        LicensingError::ModelDeprecated { model } => {
            format!("model {model} is deprecated: no new licenses are sold")
        }
        LicensingError::PriceAboveMaximum { price, max_price } => {
            format!("the price {price} is above the {max_price} you agreed to pay (--max-price)")
        }
        LicensingError::InsufficientPayment { required, paid } => {
            format!("the call carried {paid}, less than the price {required}")
        }
        LicensingError::Overpayment { required, paid } => {
            format!("the call carried {paid}, more than the price {required}")
        }
        LicensingError::CapReached { cap } => format!("all {cap} licenses of the offer are sold"),
        LicensingError::TooManyLicenses { max } => {
            format!("the account already holds {max} unexpired licenses on this model, the most it may")
        }
        LicensingError::DerivativesNeedFineTuning => {
            "an offer that grants a derivative royalty must permit fine-tuning".into()
        }
        LicensingError::NoTransferOffer { license } => {
            format!("license {license} is not offered to you (or to anyone)")
        }
        LicensingError::NotHolder { license } => {
            format!("you do not hold license {license}: only its holder may do this")
        }
        LicensingError::NotTransferable { license } => {
            format!("license {license}'s terms do not allow transfers")
        }
        LicensingError::LicenseExpired { license, expired_at } => format!(
            "license {license} expired at {}: renew it first",
            utc(*expired_at)
        ),
        LicensingError::TransferToSelf => "the recipient already holds this license".into(),
        LicensingError::NotRenewable { license } => {
            format!("license {license} is perpetual: there is nothing to renew")
        }
        LicensingError::RegistryUnavailable => {
            "the licensing contract could not ask the registry it is wired to".into()
        }
        LicensingError::RoyaltiesUnavailable => {
            "the licensing contract could not call the royalties contract it is wired to".into()
        }
        LicensingError::Royalty(error) => {
            format!("the royalties contract refused the payment: {}", royalty(error))
        }
        LicensingError::Overflow => "a licensing counter or amount would overflow".into(),
        LicensingError::Admin(error) => admin(error),
    }
}

fn royalty(error: &RoyaltyError) -> String {
    match error {
        RoyaltyError::UnknownModel { model } => format!("no model has id {model}"),
        RoyaltyError::ZeroDeposit => "a deposit must carry a non-zero amount".into(),
        RoyaltyError::NotModelOwner { model, owner } => format!(
            "model {model} belongs to {}: only its owner may change its split",
            ss58(owner)
        ),
        RoyaltyError::InvalidShares(error) => shares(error),
        RoyaltyError::DuplicateRecipient { index } => {
            format!("recipient {} is listed twice", index.saturating_add(1))
        }
        RoyaltyError::RecipientMembershipsFull { account, max } => format!(
            "{} already receives from {max} models' splits, the most an account may",
            ss58(account)
        ),
        RoyaltyError::NothingOwed => "nothing is owed to this account".into(),
        RoyaltyError::TransferFailed { amount } => format!(
            "the chain refused to transfer {amount} (below the existential deposit to an empty account?); it stays owed"
        ),
        RoyaltyError::RegistryUnavailable => {
            "the royalties contract could not ask the registry it is wired to".into()
        }
        RoyaltyError::Overflow => "an amount would overflow the royalties ledger".into(),
        RoyaltyError::Admin(error) => admin(error),
        RoyaltyError::NoSplit { model } => format!("model {model} has no split"),
        RoyaltyError::RoyaltiesContractAsPayee => {
            "the royalties contract itself cannot be paid: money owed to it could never leave".into()
        }
        RoyaltyError::NothingToSweep => {
            "the royalties contract holds nothing beyond what it owes".into()
        }
        RoyaltyError::NotARecipient { model } => {
            format!("you are not listed in model {model}'s split")
        }
        RoyaltyError::AlreadyAccepted { model } => {
            format!("you already accepted model {model}'s split")
        }
        RoyaltyError::OwnerCannotLeave { model } => format!(
            "you own model {model}: change or clear its split instead of leaving it"
        ),
        RoyaltyError::NotLicensing => "only the licensing contract wired to this royalties \
            contract deposits a sale with its lineage; anyone else pays a model with `deposit`"
            .into(),
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
            "you hold no license on model {model} that is valid now and permits commercial inference"
        ),
        GatewayError::LicensingUnavailable => {
            "the gateway could not ask the licensing contract it is wired to".into()
        }
        GatewayError::RoyaltiesUnavailable => {
            "the gateway could not call the royalties contract it is wired to".into()
        }
        GatewayError::Royalty(error) => {
            format!("the royalties contract refused the fee: {}", royalty(error))
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
    }
}

/// A link's name, as `admin status` and the errors print it.
pub fn link_name(link: Link) -> &'static str {
    match link {
        Link::Registry => "registry",
        Link::Licensing => "licensing",
        Link::Royalties => "royalties",
        Link::Arbiter => "arbiter",
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

    const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

    #[test]
    fn refusals_read_as_sentences_with_their_context() {
        let alice = parse_account(ALICE).unwrap();
        let cases: [(ContractError, &str); 7] = [
            (
                LicensingError::PriceAboveMaximum { price: 5, max_price: 4 }.into(),
                "the price 5 is above the 4 you agreed to pay (--max-price)",
            ),
            (
                RoyaltyError::NotModelOwner { model: 3, owner: alice }.into(),
                "model 3 belongs to 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY: only its owner may change its split",
            ),
            (
                RoyaltyError::InvalidShares(ShareError::SharesDoNotSumToWhole { total: 400_000 })
                    .into(),
                "the shares add up to 400000 parts per million instead of exactly 1000000",
            ),
            (
                LicensingError::LicenseExpired { license: 2, expired_at: 86_400_000 }.into(),
                "license 2 expired at 1970-01-02 00:00:00 UTC: renew it first",
            ),
            (
                RegistryError::RoyaltyAboveMaximum { parent: 1, royalty_bps: 1250, max_royalty_bps: 1000 }
                    .into(),
                "model 1 would take 12.5 % of this model's revenue, above the 10 % you accept",
            ),
            (
                LicensingError::Admin(AdminError::Paused).into(),
                "the contract is paused: it takes on no new obligations",
            ),
            (
                GatewayError::Royalty(RoyaltyError::ZeroDeposit).into(),
                "the royalties contract refused the fee: a deposit must carry a non-zero amount",
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(sentence(&error), expected);
        }
    }

    #[test]
    fn variants_are_named_by_their_path() {
        assert_eq!(
            ContractError::from(LicensingError::PriceAboveMaximum { price: 5, max_price: 4 })
                .variant(),
            "PriceAboveMaximum"
        );
        assert_eq!(ContractError::from(RoyaltyError::NothingOwed).variant(), "NothingOwed");
        assert_eq!(
            ContractError::from(LicensingError::Admin(AdminError::Paused)).variant(),
            "Admin::Paused"
        );
        assert_eq!(
            ContractError::from(LicensingError::Royalty(RoyaltyError::InvalidShares(
                ShareError::ZeroShare { index: 0 }
            )))
            .variant(),
            "Royalty::InvalidShares::ZeroShare"
        );
        assert_eq!(ContractError::from(PSP34Error::Custom("Paused".into())).variant(), "Custom");
    }

    #[test]
    fn basis_points_read_as_percentages() {
        assert_eq!(percent(1000), "10 %");
        assert_eq!(percent(1250), "12.5 %");
        assert_eq!(percent(5), "0.05 %");
        assert_eq!(percent(10_000), "100 %");
    }
}
