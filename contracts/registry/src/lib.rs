//! ModelMint model registry: every registered AI model is a PSP34 token.
//!
//! A model is identified by the 32-byte sha256 content root of its files (the
//! `modelmint-hash` tool computes it), registered once, and owned by the account
//! that registered it until the token is transferred. Derivatives (fine-tunes,
//! quantizations, distillations, merges) name their parents; each edge carries
//! the royalty share the right to derive granted, and the model owes every
//! ancestor upstream its share directly: its *obligations*, flattened at
//! registration from its edges, its parents' obligations and its previous
//! version's, so that no edge below an ancestor can cut that ancestor off
//! (see [`data::lineage`]). The contract is a thin shell over
//! [`data::RegistryData`], which holds the rules.
//!
//! **The registry pushes** each model's record to the market in the same
//! transaction as every change (registration, PSP34 transfer, status change,
//! ruling), after its own writes; a failed push fails the whole message
//! ([`calls`] has the rules, [`Registry::resync`] the repair).
//!
//! The registry answers the shared [`Admin`](modelmint_common::admin::Admin)
//! interface: its links, the market and the arbiter, are set once after
//! deployment ([`Admin::wire`](modelmint_common::admin::Admin::wire)) and
//! changed only through the timelock, like its code. Pausing stops new
//! registrations and derivative approvals only: token transfers, approvals,
//! metadata edits, status changes, disputes, resyncs and reads keep working,
//! so nobody's models are frozen.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub mod calls;
pub mod data;
pub mod errors;
pub mod events;
#[cfg(test)]
mod tests;
pub mod types;

pub use data::{
    Dispute, DisputeId, DisputeState, Model, ModelDraft, ParentRequest, Push, Ruling,
    MAX_ANCESTORS, MAX_NAME_LEN, MAX_OBLIGATIONS, MAX_PAGE, MAX_PARENTS, MAX_URI_LEN,
    MAX_VERSION_LEN, MAX_VOIDED_RANGES,
};
pub use errors::{RegistryError, TextField};
pub use events::{
    CommitmentCancelled, DerivativeApproved, DisputeCleared, DisputeRaised, DisputeResolved,
    EscrowReleased, LineageSet, MetadataFrozen, MetadataUpdated, ModelRegistered, ModelRestored,
    RegistrationCommitted, StatusChanged,
};

/// The version of the storage layout this code reads and writes.
pub const LAYOUT_VERSION: u32 = 1;

/// What the registry is wired to: the market, asked whether a registrant
/// holds a license with derivative rights and told every change of a model,
/// and the arbiter of disputes (an account).
pub const LINKS: &[modelmint_common::admin::Link] =
    &[modelmint_common::admin::Link::Market, modelmint_common::admin::Link::Arbiter];

#[modelmint_macros::admin(storage = Registry, links = crate::LINKS, layout = crate::LAYOUT_VERSION)]
#[ink::contract]
mod registry {
    use crate::calls;
    use crate::data::{
        model_of_token, Dispute, DisputeId, Model, ModelDraft, Push, RegistryData, Ruling,
    };
    use crate::errors::{RegistryError, Result};
    use crate::events::emit_all;
    use crate::{LAYOUT_VERSION, LINKS};
    use ink::prelude::{string::String, vec::Vec};
    use modelmint_common::admin::{AdminData, Link, Timelock, Wiring};
    use modelmint_common::psp34::{Id, PSP34Error, PSP34Metadata, PSP34};
    use modelmint_common::registry::{CommitWindow, Commitment, ModelRegistry, ModelSummary};
    use modelmint_common::{
        Bps, ModelHash, ModelId, ModelStatus, Obligation, OwnerEpoch, ParentLink,
    };

    /// The model registry contract.
    #[ink(storage)]
    pub struct Registry {
        data: RegistryData,
        /// Administration: the guard (layout, pause, wiring) in the root cell,
        /// the rest outside; crate-visible for the conformance suite (`tests`).
        pub(crate) admin: AdminData,
        /// What later versions append to the root, kept verbatim (empty in a
        /// root this version writes): `modelmint_common::root`.
        tail: modelmint_common::root::RootTail,
    }

    impl Registry {
        /// Creates an empty registry administered by the caller, whose
        /// upgrades and rewiring wait for `timelock`, whose registrations
        /// reveal commitments made within `commit_window` blocks, and whose
        /// disputes cost `dispute_deposit` to raise. The market and the
        /// arbiter are wired once afterwards with [`Admin::wire`](modelmint_common::admin::Admin::wire).
        ///
        /// # Errors
        /// - [`RegistryError::Admin`] with [`AdminError::ZeroDelay`](modelmint_common::admin::AdminError::ZeroDelay) or
        ///   [`AdminError::DelayTooLong`](modelmint_common::admin::AdminError::DelayTooLong),
        ///   and with [`AdminError::GraceOutOfRange`](modelmint_common::admin::AdminError::GraceOutOfRange)
        ///   unless `1 <= grace <=` [`MAX_DELAY`](modelmint_common::admin::MAX_DELAY).
        /// - [`RegistryError::InvalidCommitWindow`] unless
        ///   `1 <= min_blocks < max_blocks <=` [`CommitWindow::LONGEST`].
        /// - [`RegistryError::ZeroDisputeDeposit`] for a zero deposit.
        #[ink(constructor)]
        pub fn new(
            timelock: Timelock,
            grace: Timestamp,
            commit_window: CommitWindow,
            dispute_deposit: Balance,
        ) -> Result<Self> {
            let data = RegistryData::new(commit_window, dispute_deposit)?;
            let admin =
                AdminData::instantiate(timelock, grace, LINKS, Wiring::default(), LAYOUT_VERSION)?;
            Ok(Self { data, admin, tail: Default::default() })
        }

        /// Commits the caller to registering a content root without revealing
        /// it: `commitment` is
        /// [`registration_commitment`](modelmint_common::registry::registration_commitment)`(root,
        /// caller, salt)` = `sha256(root ‖ caller ‖ salt)`, computed off-chain
        /// with a secret random salt. [`Self::register`] reveals root and salt
        /// between `min_blocks` and `max_blocks` blocks later. The caller pays
        /// the commitment's storage deposit and gets it back when it is used or
        /// cancelled.
        ///
        /// # Errors
        /// - [`RegistryError::CommitmentExists`] if the caller already has it.
        /// - [`RegistryError::Admin`]`(`[`AdminError::Paused`](modelmint_common::admin::AdminError::Paused)`)` while paused.
        ///
        /// # Events
        /// - [`crate::RegistrationCommitted`]
        #[ink(message)]
        pub fn commit(&mut self, commitment: Commitment) -> Result<()> {
            self.admin.ensure_running(LAYOUT_VERSION)?;
            let block = self.env().block_number();
            let events = self.data.commit(self.env().caller(), block, commitment)?;
            emit_all(events);
            Ok(())
        }

        /// Cancels the caller's own pending `commitment` (expired or not) and
        /// returns its storage deposit. Works while paused.
        ///
        /// # Errors
        /// - [`RegistryError::NoCommitment`] if the caller has no such commitment.
        ///
        /// # Events
        /// - [`crate::CommitmentCancelled`]
        #[ink(message)]
        pub fn cancel_commitment(&mut self, commitment: Commitment) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.cancel_commitment(self.env().caller(), commitment)?;
            emit_all(events);
            Ok(())
        }

        /// The block in which `committer` made `commitment`, while it is pending.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn commitment(
            &self,
            committer: AccountId,
            commitment: Commitment,
        ) -> Option<BlockNumber> {
            self.data.commitment(committer, commitment)
        }

        /// How many blocks old a commitment must be (at least `min_blocks`, at
        /// most `max_blocks`) for its registration; fixed at instantiation.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn commit_window(&self) -> CommitWindow {
            self.data.commit_window()
        }

        /// Registers a model by the sha256 content root of its files; the caller
        /// becomes the owner of the new token `Id::U64(model_id)` and pays the
        /// storage deposit of the new entries.
        ///
        /// The registration reveals the caller's [`Self::commit`]ment to
        /// `draft.hash` with `salt`, which must be between `min_blocks` and
        /// `max_blocks` old ([`Self::commit_window`]) and is consumed: whoever
        /// sees this transaction in the pool and commits to the same root is
        /// too late to register it first. A refused registration keeps the
        /// commitment.
        ///
        /// `draft.kind` says whether the asset is a model or a dataset. A model
        /// names the models it derives from and the datasets it was trained on
        /// ([`Relation::TrainedOn`](modelmint_common::Relation::TrainedOn)),
        /// a dataset names none. For a parent the caller does not own, the
        /// right to derive comes from the parent owner's [`Self::approve_derivative`]
        /// (consumed) or from a valid license with derivative rights held by the
        /// caller, as the wired market reports. The royalty share of that edge is
        /// the lower of the two where both exist, and never above the request's
        /// `max_royalty_bps`; a parent the caller owns carries 0. The model's
        /// obligations flatten in those of its parents and previous version
        /// ([`crate::data::lineage`]). Its record is pushed to the wired market.
        ///
        /// # Errors
        /// - [`RegistryError::NoCommitment`] without the caller's commitment to
        ///   `draft.hash` and `salt`; [`RegistryError::CommitmentTooRecent`] /
        ///   [`RegistryError::CommitmentExpired`] outside its window.
        /// - [`RegistryError::EmptyField`] / [`RegistryError::FieldTooLong`] for a
        ///   name, version or URI that is empty or over its bound.
        /// - [`RegistryError::AlreadyRegistered`] if a model with the hash exists.
        /// - [`RegistryError::UnknownModel`] for an unknown previous version or parent.
        /// - [`RegistryError::PreviousVersionNotOwned`] if the previous version has
        ///   another owner.
        /// - [`RegistryError::ModelDisputed`] for a disputed parent or previous
        ///   version.
        /// - [`RegistryError::TooManyParents`], [`RegistryError::TooManyDatasets`],
        ///   [`RegistryError::DuplicateParent`], [`RegistryError::TooManyAncestors`],
        ///   [`RegistryError::TooManyObligations`] for lineage beyond the caps.
        /// - [`RegistryError::RelationMismatch`] for a dataset named by a model
        ///   relation or a model named as training data;
        ///   [`RegistryError::DatasetWithParents`] for a dataset that names
        ///   parents; [`RegistryError::VersionKindMismatch`] for a previous
        ///   version of the other kind.
        /// - [`RegistryError::NoDerivativeRight`] for a parent the caller may not
        ///   derive from.
        /// - [`RegistryError::RoyaltyAboveMaximum`] if a parent's royalty is above
        ///   what the registrant accepted for it.
        /// - [`RegistryError::RoyaltyStackTooHigh`] if the obligations' shares
        ///   exceed 100 %.
        /// - [`RegistryError::MarketUnavailable`] if the wired market could not
        ///   be asked, or trapped or refused the push.
        /// - [`RegistryError::ModelIdsExhausted`], [`RegistryError::BalanceOverflow`]
        ///   when a counter would overflow.
        /// - [`RegistryError::Admin`]`(`[`AdminError::Paused`](modelmint_common::admin::AdminError::Paused)`)` while paused.
        ///
        /// # Events
        /// - [`crate::ModelRegistered`], then PSP34 `Transfer { from: None, .. }`.
        #[ink(message)]
        pub fn register(&mut self, draft: ModelDraft, salt: [u8; 32]) -> Result<ModelId> {
            let wiring = self.admin.ensure_running(LAYOUT_VERSION)?;
            let caller = self.env().caller();
            let time = (self.env().block_timestamp(), self.env().block_number());
            let market = wiring.get(Link::Market);
            let (model, events, push) =
                self.data.register(caller, time, draft, salt, |parent| {
                    calls::derivative_royalty(market, parent, caller)
                })?;
            calls::push(market, push)?;
            emit_all(events);
            Ok(model)
        }

        /// Lets `account` register one derivative of `parent` that owes it
        /// `royalty_bps` (basis points), or withdraws that permission (`None`).
        /// A change applies to registrations committed from this block on: a
        /// commitment made before it reveals under the terms before (so a
        /// revocation seen in the pool cannot fail a reveal). A revoked
        /// approval keeps its cell until no commitment can use it; revoking
        /// it again then removes it and returns its storage deposit.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownModel`] if `parent` does not exist.
        /// - [`RegistryError::NotModelOwner`] if the caller does not own `parent`.
        /// - [`RegistryError::SelfApprove`] if `account` is the caller.
        /// - [`RegistryError::RoyaltyOutOfRange`] if `royalty_bps` exceeds 10 000.
        /// - [`RegistryError::NoDerivativeApproval`] when revoking an approval
        ///   that does not exist.
        /// - [`RegistryError::ApprovalStillHeld`] when revoking an approval
        ///   already revoked, while a commitment made before may still use it.
        /// - [`RegistryError::Admin`]`(`[`AdminError::Paused`](modelmint_common::admin::AdminError::Paused)`)`
        ///   while paused, for a grant only: withdrawing a permission (`None`)
        ///   is a way out and works while paused.
        ///
        /// # Events
        /// - [`crate::DerivativeApproved`]
        #[ink(message)]
        pub fn approve_derivative(
            &mut self,
            parent: ModelId,
            account: AccountId,
            royalty_bps: Option<Bps>,
        ) -> Result<()> {
            if royalty_bps.is_some() {
                self.admin.ensure_running(LAYOUT_VERSION)?;
            } else {
                self.admin.ensure_current(LAYOUT_VERSION)?;
            }
            let (caller, block) = (self.env().caller(), self.env().block_number());
            let events =
                self.data.approve_derivative(caller, block, (parent, account), royalty_bps)?;
            emit_all(events);
            Ok(())
        }

        /// Declines the derivative approval on `parent` addressed to the caller
        /// (its storage deposit goes back to the caller). Works while paused.
        ///
        /// # Errors
        /// - [`RegistryError::NoDerivativeApproval`] if there is none.
        ///
        /// # Events
        /// - [`crate::DerivativeApproved`] with `royalty_bps: None`.
        #[ink(message)]
        pub fn decline_derivative_approval(&mut self, parent: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.decline_derivative_approval(self.env().caller(), parent)?;
            emit_all(events);
            Ok(())
        }

        /// Replaces the metadata URI of `model`.
        ///
        /// # Errors
        /// - [`RegistryError::EmptyField`] / [`RegistryError::FieldTooLong`] for a bad URI.
        /// - [`RegistryError::UnknownModel`], [`RegistryError::NotModelOwner`].
        /// - [`RegistryError::MetadataFrozen`] once the metadata is frozen.
        ///
        /// # Events
        /// - [`crate::MetadataUpdated`]
        #[ink(message)]
        pub fn set_uri(&mut self, model: ModelId, uri: String) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.set_uri(self.env().caller(), model, uri)?;
            emit_all(events);
            Ok(())
        }

        /// Freezes the metadata of `model` for good.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownModel`], [`RegistryError::NotModelOwner`].
        /// - [`RegistryError::MetadataFrozen`] if it already is.
        ///
        /// # Events
        /// - [`crate::MetadataFrozen`]
        #[ink(message)]
        pub fn freeze_metadata(&mut self, model: ModelId) -> Result<()> {
            self.admin.ensure_current(LAYOUT_VERSION)?;
            let events = self.data.freeze_metadata(self.env().caller(), model)?;
            emit_all(events);
            Ok(())
        }

        /// Sets the status of `model`: `Deprecated` stops new license sales (existing
        /// licenses are untouched); `Active` resumes them. `Disputed` is the
        /// arbiter's alone ([`Self::resolve_dispute`]). The new status is pushed
        /// to the wired market. Works while paused.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownModel`], [`RegistryError::NotModelOwner`].
        /// - [`RegistryError::ModelDisputed`] to set `Disputed` or to leave it.
        /// - [`RegistryError::StatusUnchanged`] if the model already has `status`.
        /// - [`RegistryError::MarketUnavailable`] if the wired market trapped or
        ///   refused the push.
        ///
        /// # Events
        /// - [`crate::StatusChanged`]
        #[ink(message)]
        pub fn set_status(&mut self, model: ModelId, status: ModelStatus) -> Result<()> {
            let market = self.admin.ensure_current(LAYOUT_VERSION)?.get(Link::Market);
            let (events, push) = self.data.set_status(self.env().caller(), model, status)?;
            calls::push(market, push)?;
            emit_all(events);
            Ok(())
        }

        /// Sends `model`'s record (owner, owner epoch, status, obligations,
        /// voided epochs) to the wired market again, as every change does: it
        /// repairs the market's copy after a wiring or rewiring (with no market
        /// wired, changes push nothing). Anyone, also while paused.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownModel`].
        /// - [`RegistryError::MarketUnavailable`] if no market is wired, or it
        ///   trapped or refused the record.
        ///
        /// # Events
        /// None here; the market's own, if any.
        #[ink(message)]
        pub fn resync(&mut self, model: ModelId) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let record = self.data.record(model).ok_or(RegistryError::UnknownModel { model })?;
            let market = wiring.get(Link::Market).ok_or(RegistryError::MarketUnavailable)?;
            calls::sync(market, Push { model, record })
        }

        /// The model with id `model`, or `None` if there is none.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn model(&self, model: ModelId) -> Option<Model> {
            self.data.model(model)
        }

        /// The id of the model registered with content hash `hash`, if any.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn model_id_by_hash(&self, hash: ModelHash) -> Option<ModelId> {
            self.data.model_id_by_hash(hash)
        }

        /// Every ancestor of `model` (parents, their parents, ...), ascending; empty
        /// for an original model or an unknown id.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn ancestors(&self, model: ModelId) -> Vec<ModelId> {
            self.data.ancestors(model)
        }

        /// A page of `owner`'s models: up to `limit` (1..=[`crate::MAX_PAGE`]) from
        /// position `start`.
        ///
        /// # Errors
        /// - [`RegistryError::InvalidPageSize`] for `limit` 0 or above the maximum.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn models_of(&self, owner: AccountId, start: u32, limit: u32) -> Result<Vec<ModelId>> {
            self.data.models_of(owner, start, limit)
        }

        /// How many times the token of `model` has changed hands (0 for an
        /// unknown id). Offers, splits and derivative approvals granted in an
        /// earlier epoch lapse.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn owner_epoch(&self, model: ModelId) -> OwnerEpoch {
            self.data.owner_epoch(model)
        }

        /// Raises a dispute against `model`: the caller claims it belongs to
        /// them (its registrant copied their work, say) and publishes evidence
        /// (its sha256 and a URI). The call must carry exactly
        /// [`Self::dispute_deposit`], held until the arbiter rules: returned on
        /// an upheld claim, paid to the model's owner on a dismissed one. Only
        /// while an arbiter is wired to rule on it. Any number may be open
        /// against a model (its record counts them): a cap would let the
        /// owner's own accounts keep a rightful claimant out. The first open
        /// dispute holds the model's revenue in escrow (pushed to the market)
        /// until the last one is ruled on, or for at most
        /// [`DISPUTE_ESCROW`](modelmint_common::market::DISPUTE_ESCROW) (see
        /// [`Self::release_escrow`]); meanwhile its token does not move. Works
        /// while paused.
        ///
        /// # Errors
        /// - [`RegistryError::WrongDisputeDeposit`] unless exactly the deposit
        ///   is attached.
        /// - [`RegistryError::EmptyField`] / [`RegistryError::FieldTooLong`] for
        ///   the evidence URI.
        /// - [`RegistryError::UnknownModel`]; [`RegistryError::OwnModelDisputed`]
        ///   for the model's owner.
        /// - [`RegistryError::NoArbiter`] while no arbiter is wired;
        ///   [`RegistryError::Overflow`]; [`RegistryError::MarketUnavailable`]
        ///   if the market refused the escrow's push.
        ///
        /// # Events
        /// - [`crate::DisputeRaised`]
        #[ink(message, payable)]
        pub fn raise_dispute(
            &mut self,
            model: ModelId,
            evidence_hash: [u8; 32],
            evidence_uri: String,
        ) -> Result<DisputeId> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let (dispute, events, push) = self.data.raise_dispute(
                self.env().caller(),
                wiring.get(Link::Arbiter),
                self.env().block_timestamp(),
                model,
                (evidence_hash, evidence_uri),
                self.env().transferred_value(),
            )?;
            if let Some(push) = push {
                calls::push(wiring.get(Link::Market), push)?;
            }
            emit_all(events);
            Ok(dispute)
        }

        /// Releases `model`'s escrow once
        /// [`DISPUTE_ESCROW`](modelmint_common::market::DISPUTE_ESCROW) has
        /// passed since it began without the arbiter ruling on every open
        /// dispute: its owner is paid again and may move its token. Anyone
        /// may call it; works while paused. A stranger's dispute so freezes
        /// an honest publisher's income for at most that long.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownModel`], [`RegistryError::NoEscrow`],
        ///   [`RegistryError::EscrowNotDue`];
        ///   [`RegistryError::MarketUnavailable`] if the push fails.
        ///
        /// # Events
        /// - [`crate::EscrowReleased`]
        #[ink(message)]
        pub fn release_escrow(&mut self, model: ModelId) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let (events, push) = self.data.release_escrow(self.env().block_timestamp(), model)?;
            calls::push(wiring.get(Link::Market), push)?;
            emit_all(events);
            Ok(())
        }

        /// The arbiter's ruling on `dispute` (see [`Ruling`]): a dismissed
        /// claim pays its deposit to the model's owner; an upheld one returns
        /// it to the claimant and marks the model `Disputed` (no new licenses,
        /// renewals or derivatives; existing licenses stay valid and money
        /// owed stays owed) or, with `reassign`, moves its token to the
        /// claimant, and with `void_from` voids the licenses sold in the
        /// epochs from `void_from` up to the move. A ruling that changes the
        /// model's status, owner or voided epochs pushes its record to the
        /// wired market. The arbiter is a link: set once with
        /// [`Admin::wire`](modelmint_common::admin::Admin::wire), changed only
        /// through the timelock. Works while paused. A ruling keeps the size of
        /// the records it rewrites (the arbiter pays for no one's storage and
        /// collects no one's deposit), but a voiding one grows the model's
        /// record by one 8-byte range, whose storage deposit the arbiter pays.
        ///
        /// # Errors
        /// - [`RegistryError::NotArbiter`] unless the caller is the arbiter.
        /// - [`RegistryError::UnknownDispute`], [`RegistryError::DisputeClosed`]
        ///   for a dispute already ruled on.
        /// - [`RegistryError::InvalidRuling`] for a `void_from` without
        ///   `reassign`, or above the model's current epoch (or at it, if the
        ///   claimant already holds the model);
        ///   [`RegistryError::TooManyVoidedRanges`] once the model carries
        ///   [`MAX_VOIDED_RANGES`](crate::MAX_VOIDED_RANGES).
        /// - [`RegistryError::BalanceOverflow`],
        ///   [`RegistryError::OwnerEpochOverflow`] for a reassignment that
        ///   cannot be made; [`RegistryError::DepositTransferFailed`] if the
        ///   deposit cannot be sent, [`RegistryError::MarketUnavailable`] if the
        ///   wired market trapped or refused the push (nothing changes).
        ///
        /// # Events
        /// - [`crate::DisputeResolved`], then, for a reassignment, PSP34
        ///   `Transfer` and, if the status changed, [`crate::StatusChanged`].
        #[ink(message)]
        pub fn resolve_dispute(&mut self, dispute: DisputeId, ruling: Ruling) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let arbiter = wiring.get(Link::Arbiter);
            let (payout, events, push) =
                self.data.resolve_dispute(self.env().caller(), arbiter, dispute, ruling)?;
            self.env()
                .transfer(payout.to, payout.amount)
                .map_err(|_| RegistryError::DepositTransferFailed)?;
            if let Some(push) = push {
                calls::push(wiring.get(Link::Market), push)?;
            }
            emit_all(events);
            Ok(())
        }

        /// After `dispute` reassigned its model, moves `model`, a version or
        /// derivative of it that the losing owner registered and still holds,
        /// to the claimant (see [`crate::data::restore`]); pushes it to the
        /// market. The arbiter only; works while paused.
        ///
        /// # Errors
        /// - [`RegistryError::NotArbiter`], [`RegistryError::UnknownDispute`],
        ///   [`RegistryError::NotReassigned`], [`RegistryError::NotRestorable`];
        ///   [`RegistryError::MarketUnavailable`] if the push fails.
        ///
        /// # Events
        /// - PSP34 `Transfer`, then [`crate::ModelRestored`].
        #[ink(message)]
        pub fn restore_descendant(&mut self, dispute: DisputeId, model: ModelId) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let arbiter = wiring.get(Link::Arbiter);
            let (events, push) =
                self.data.restore_descendant(self.env().caller(), arbiter, dispute, model)?;
            calls::push(wiring.get(Link::Market), push)?;
            emit_all(events);
            Ok(())
        }

        /// After `dispute` reassigned its model, gives it `parents` and
        /// flattens its obligations again, within a registration's bounds
        /// (see [`crate::data::restore`]); pushes it to the market. The
        /// arbiter only, who pays the storage deposit of a longer record;
        /// works while paused.
        ///
        /// # Errors
        /// - [`RegistryError::NotArbiter`], [`RegistryError::UnknownDispute`],
        ///   [`RegistryError::NotReassigned`], [`RegistryError::UnknownModel`],
        ///   [`RegistryError::TooManyParents`], [`RegistryError::TooManyDatasets`],
        ///   [`RegistryError::RelationMismatch`], [`RegistryError::DatasetWithParents`],
        ///   [`RegistryError::DuplicateParent`],
        ///   [`RegistryError::RoyaltyOutOfRange`], [`RegistryError::LineageCycle`],
        ///   [`RegistryError::TooManyObligations`],
        ///   [`RegistryError::RoyaltyStackTooHigh`],
        ///   [`RegistryError::TooManyAncestors`];
        ///   [`RegistryError::MarketUnavailable`] if the push fails.
        ///
        /// # Events
        /// - [`crate::LineageSet`]
        #[ink(message)]
        pub fn set_lineage(&mut self, dispute: DisputeId, parents: Vec<ParentLink>) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let arbiter = wiring.get(Link::Arbiter);
            let (events, push) =
                self.data.set_lineage(self.env().caller(), arbiter, dispute, parents)?;
            calls::push(wiring.get(Link::Market), push)?;
            emit_all(events);
            Ok(())
        }

        /// Removes a dispute the arbiter ruled on; its claimant only, who gets
        /// back the storage deposit they paid for it. An open dispute is
        /// removed too while no arbiter is wired (the administrator rewired it
        /// away), and then its dispute deposit goes back to the claimant as
        /// well: nobody can rule on it, so nothing keeps the money. Works while
        /// paused.
        ///
        /// # Errors
        /// - [`RegistryError::UnknownDispute`], [`RegistryError::NotClaimant`],
        ///   [`RegistryError::DisputeOpen`] before the ruling while an arbiter
        ///   is wired; [`RegistryError::DepositTransferFailed`] if the deposit
        ///   cannot be sent back (nothing changes).
        ///
        /// # Events
        /// - [`crate::DisputeCleared`]
        #[ink(message)]
        pub fn clear_dispute(&mut self, dispute: DisputeId) -> Result<()> {
            let wiring = self.admin.ensure_current(LAYOUT_VERSION)?;
            let (refund, events, push) =
                self.data.clear_dispute(self.env().caller(), wiring.get(Link::Arbiter), dispute)?;
            if let Some(refund) = refund {
                self.env()
                    .transfer(refund.to, refund.amount)
                    .map_err(|_| RegistryError::DepositTransferFailed)?;
            }
            if let Some(push) = push {
                calls::push(wiring.get(Link::Market), push)?;
            }
            emit_all(events);
            Ok(())
        }

        /// The dispute `dispute`, open or ruled on (until its claimant clears
        /// it), if any.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn dispute(&self, dispute: DisputeId) -> Option<Dispute> {
            self.data.dispute(dispute)
        }

        /// What raising a dispute costs; fixed at instantiation.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn dispute_deposit(&self) -> Balance {
            self.data.dispute_deposit()
        }

        /// The pending derivative approval of `account` on `parent`: its
        /// royalty share; `None` if there is none or it was granted by a
        /// previous owner.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        pub fn derivative_approval(&self, parent: ModelId, account: AccountId) -> Option<Bps> {
            self.data.derivative_approval(parent, account)
        }
    }

    impl PSP34 for Registry {
        /// The contract's own address as `Id::Bytes`.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn collection_id(&self) -> Id {
            Id::Bytes(<AccountId as AsRef<[u8]>>::as_ref(&self.env().account_id()).to_vec())
        }

        /// How many models `owner` holds.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn balance_of(&self, owner: AccountId) -> u32 {
            self.data.balance_of(owner)
        }

        /// The owner of model token `id` (`Id::U64(model_id)`); `None` for unknown
        /// ids and ids of another form.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn owner_of(&self, id: Id) -> Option<AccountId> {
            model_of_token(&id).and_then(|model| self.data.owner_of(model))
        }

        /// Whether `operator` may transfer token `id` of `owner` (`None`: all of them).
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn allowance(&self, owner: AccountId, operator: AccountId, id: Option<Id>) -> bool {
            match id {
                None => self.data.allowance(owner, operator, None),
                Some(id) => model_of_token(&id)
                    .is_some_and(|model| self.data.allowance(owner, operator, Some(model))),
            }
        }

        /// Approves or revokes `operator` for one of the caller's models, or for all
        /// of them (`id: None`). A single-model approval is cleared on transfer.
        ///
        /// # Errors
        /// - `PSP34Error::SelfApprove` if `operator` is the caller.
        /// - `PSP34Error::TokenNotExists` if `id` names no model.
        /// - `PSP34Error::NotApproved` if the caller does not own model `id`.
        ///
        /// # Events
        /// - PSP34 `Approval`
        #[ink(message)]
        fn approve(
            &mut self,
            operator: AccountId,
            id: Option<Id>,
            approved: bool,
        ) -> core::result::Result<(), PSP34Error> {
            let model = match id {
                None => None,
                Some(id) => Some(model_of_token(&id).ok_or(PSP34Error::TokenNotExists)?),
            };
            self.admin.ensure_current(LAYOUT_VERSION).map_err(RegistryError::from)?;
            let events = self.data.approve(self.env().caller(), operator, model, approved)?;
            emit_all(events);
            Ok(())
        }

        /// Transfers model token `id` to `to`, with the business: `to` sets
        /// license prices and royalty splits from now on, and the model's
        /// [`Self::owner_epoch`] moves on, so that the previous owner's offers
        /// stop selling (until `to` reopens them), the previous owner's split
        /// receives nothing deposited after the transfer and the previous
        /// owner's derivative approvals are void. Licenses already sold stay
        /// valid. The new owner and owner epoch are pushed to the wired market
        /// in this call (a PSP34 marketplace that moves the token pays for the
        /// push too). `data` is ignored. Works while paused.
        ///
        /// # Errors
        /// - `PSP34Error::TokenNotExists` if `id` names no model.
        /// - `PSP34Error::NotApproved` if the caller neither owns the model nor is
        ///   approved for it.
        /// - `PSP34Error::Custom("TransferToSelf")` if `to` already owns it.
        /// - `PSP34Error::Custom("StrandingRecipient")` if `to` is this registry
        ///   or its wired market.
        /// - `PSP34Error::Custom("BalanceOverflow")` if `to` holds `u32::MAX` models.
        /// - `PSP34Error::Custom("OwnerEpochOverflow")` after `u32::MAX` transfers.
        /// - `PSP34Error::Custom("MarketUnavailable")` if the wired market
        ///   trapped or refused the push (nothing changes).
        ///
        /// # Events
        /// - PSP34 `Transfer`
        #[ink(message)]
        fn transfer(
            &mut self,
            to: AccountId,
            id: Id,
            data: Vec<u8>,
        ) -> core::result::Result<(), PSP34Error> {
            let _ = data;
            let wiring = self.admin.ensure_current(LAYOUT_VERSION).map_err(RegistryError::from)?;
            let model = model_of_token(&id).ok_or(PSP34Error::TokenNotExists)?;
            // Neither contract can act as an owner: what the model earns
            // would be credited to an account nobody controls.
            if to == self.env().account_id() || Some(to) == wiring.get(Link::Market) {
                return Err(RegistryError::StrandingRecipient { recipient: to }.into());
            }
            let (caller, block) = (self.env().caller(), self.env().block_number());
            let (events, push) = self.data.transfer(caller, block, to, model)?;
            calls::push(wiring.get(Link::Market), push)?;
            emit_all(events);
            Ok(())
        }

        /// The number of registered models.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn total_supply(&self) -> Balance {
            Balance::from(self.data.total_supply())
        }
    }

    impl PSP34Metadata for Registry {
        /// Attributes of model token `id`: `name`, `version`, `uri` (UTF-8) and
        /// `content_hash` (32 raw bytes). `None` for unknown tokens or keys.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn get_attribute(&self, id: Id, key: Vec<u8>) -> Option<Vec<u8>> {
            let model = self.data.model(model_of_token(&id)?)?;
            match key.as_slice() {
                b"name" => Some(model.name.into_bytes()),
                b"version" => Some(model.version.into_bytes()),
                b"uri" => Some(model.uri.into_bytes()),
                b"content_hash" => Some(model.hash.to_vec()),
                _ => None,
            }
        }
    }

    impl ModelRegistry for Registry {
        /// The current owner of `model`, or `None` if no model has that id.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn owner_of_model(&self, model: ModelId) -> Option<AccountId> {
            self.data.owner_of(model)
        }

        /// Owner, owner epoch and status of `model`, or `None` if no model has
        /// that id.
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn model_summary(&self, model: ModelId) -> Option<ModelSummary> {
            let record = self.data.record(model)?;
            Some(ModelSummary {
                owner: record.owner,
                owner_epoch: record.epoch,
                status: record.status,
            })
        }

        /// The direct parents of `model` with the royalty share each edge
        /// carries (0 for a parent its registrant owned); what each ancestor
        /// is paid is [`ModelRegistry::obligations`].
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn parents(&self, model: ModelId) -> Vec<ParentLink> {
            self.data.parents(model)
        }

        /// The ancestors `model` owes a share of every payment, ascending by
        /// ancestor: its non-zero edges and, flattened in, every obligation of
        /// its parents and previous version (empty for an original or an
        /// unknown id).
        ///
        /// # Errors
        /// None: a read.
        ///
        /// # Events
        /// None.
        #[ink(message)]
        fn obligations(&self, model: ModelId) -> Vec<Obligation> {
            self.data.obligations(model)
        }
    }
}

pub use registry::{Registry, RegistryRef};
