//! The administration interface ([`Admin`]): its messages, with the same
//! selectors in every ModelMint contract, documented here once.

use super::{AdminAction, AdminError, Link, Scheduled, Wiring};
use crate::Timestamp;
use ink::prelude::vec::Vec;
use ink::primitives::AccountId;

// Only the documentation links to the events.
#[cfg(doc)]
use super::{events, Timelock};

/// Everything about a contract's administration, as [`Admin::admin_state`]
/// returns it: the one admin view type of every ModelMint contract.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminView {
    /// The administrator; `None` once administration was renounced.
    pub admin: Option<AccountId>,
    /// The account proposed as the next administrator, if any.
    pub proposed: Option<AccountId>,
    /// Whether what the contract documents as pausable is stopped.
    pub paused: bool,
    /// The timelock of upgrades and rewiring, ms (0: [`Timelock::Disabled`]).
    pub delay: Timestamp,
    /// How long a scheduled action stays executable once ready, ms.
    pub grace: Timestamp,
    /// The action waiting for its timelock, if any.
    pub scheduled: Option<Scheduled>,
    /// The contracts this contract calls.
    pub wiring: Wiring,
    /// The links this contract uses; the others are always `None`.
    pub links: Vec<Link>,
    /// The layout version of the stored data.
    pub layout_version: u32,
    /// The layout version this code reads; differs from `layout_version` only
    /// between an upgrade and its migration.
    pub code_layout_version: u32,
}

/// The administration interface every ModelMint contract answers, with the
/// same selectors. Behaviour is documented here once, not on each contract.
#[ink::trait_definition]
pub trait Admin {
    /// The administrator, proposal, pause flag, timelock, scheduled action,
    /// wiring and layout versions.
    #[ink(message)]
    fn admin_state(&self) -> AdminView;

    /// Step one of an administrator transfer: proposes `next` (`None` withdraws
    /// a proposal). Nothing changes until `next` accepts.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`] unless the caller is the administrator.
    ///
    /// # Events
    /// - [`events::AdminProposed`]
    #[ink(message)]
    fn propose_admin(&mut self, next: Option<AccountId>) -> Result<(), AdminError>;

    /// Step two: the proposed account becomes the administrator.
    ///
    /// # Errors
    /// - [`AdminError::NotProposedAdmin`] unless the caller is the proposed account.
    ///
    /// # Events
    /// - [`events::AdminChanged`]
    #[ink(message)]
    fn accept_admin(&mut self) -> Result<(), AdminError>;

    /// Gives up administration for good: no upgrade, no rewiring and no pause
    /// ever again. A pending proposal and a scheduled action are dropped and
    /// the contract is resumed if it was paused.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`] unless the caller is the administrator.
    ///
    /// # Events
    /// - [`events::ActionCancelled`] if an action was scheduled,
    ///   [`events::PauseChanged`] if it was paused, then
    ///   [`events::AdminRenounced`].
    #[ink(message)]
    fn renounce_admin(&mut self) -> Result<(), AdminError>;

    /// Pauses (`true`) or resumes (`false`) what the contract documents as
    /// pausable. Takes effect at once: pausing only ever stops new obligations.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`], [`AdminError::PauseUnchanged`].
    ///
    /// # Events
    /// - [`events::PauseChanged`]
    #[ink(message)]
    fn set_paused(&mut self, paused: bool) -> Result<(), AdminError>;

    /// Completes a deployment: sets the wiring at once, only while no link has
    /// ever been set (a registry deployed before the licensing contract that
    /// calls it). Every later change is a scheduled [`AdminAction::Rewire`].
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`], [`AdminError::WiringAlreadySet`],
    ///   [`AdminError::UnusedLink`].
    ///
    /// # Events
    /// - [`events::Rewired`]
    #[ink(message)]
    fn wire(&mut self, wiring: Wiring) -> Result<(), AdminError>;

    /// Schedules `action`, executable from the returned time (block
    /// timestamp, ms) on: now plus the contract's delay, and until that time
    /// plus the contract's grace period. An expired action is replaced.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`]; [`AdminError::ActionPending`] while another
    ///   action is scheduled and not expired; [`AdminError::UnusedLink`] for a
    ///   rewiring that sets a link the contract does not use.
    ///
    /// # Events
    /// - [`events::ActionCancelled`] for an expired action it replaces, then
    ///   [`events::ActionScheduled`].
    #[ink(message)]
    fn schedule(&mut self, action: AdminAction) -> Result<Timestamp, AdminError>;

    /// Cancels the scheduled action.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`], [`AdminError::NothingScheduled`].
    ///
    /// # Events
    /// - [`events::ActionCancelled`]
    #[ink(message)]
    fn cancel_scheduled(&mut self) -> Result<(), AdminError>;

    /// Executes the scheduled action once its delay has passed and before
    /// its grace period ends.
    ///
    /// # Errors
    /// - [`AdminError::NotAdmin`], [`AdminError::NothingScheduled`],
    ///   [`AdminError::TooEarly`], [`AdminError::ActionExpired`];
    ///   [`AdminError::UnknownCodeHash`] if the code of an upgrade is not on
    ///   chain (the action stays scheduled).
    ///
    /// # Events
    /// - [`events::CodeUpgraded`] or [`events::Rewired`].
    #[ink(message)]
    fn execute_scheduled(&mut self) -> Result<(), AdminError>;
}
