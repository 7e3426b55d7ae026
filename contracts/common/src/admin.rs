//! Administration shared by every ModelMint contract: one interface ([`Admin`]),
//! one storage item ([`AdminData`]) and one conformance suite
//! ([`crate::admin_conformance_tests!`]).
//!
//! # Trust model
//!
//! - **Changes that can cost users money are timelocked.** Replacing the code
//!   ([`AdminAction::Upgrade`]) and pointing the contract at other contracts
//!   ([`AdminAction::Rewire`]) are first *scheduled* ([`events::ActionScheduled`]
//!   says what and when), can be executed only once the delay fixed at
//!   instantiation has passed, and can be cancelled by the administrator until
//!   then. Withdrawals, transfers and reads keep working during the delay, so
//!   anyone who does not accept the change can leave first.
//! - **A scheduled change does not wait in the dark.** Once executable it
//!   stays so only for the grace period fixed at instantiation
//!   ([`DEFAULT_GRACE`], 7 days, unless the deployment asks otherwise); then
//!   it must be scheduled again, with a new delay. An administrator cannot
//!   announce an upgrade, let users forget it, and execute it months later.
//! - **A zero delay must be asked for by name** ([`Timelock::Disabled`], for
//!   local dev chains); `Timelock::Delay(0)` is refused.
//! - **Pausing is narrow.** It stops only what creates new obligations (each
//!   contract documents which messages); it never stops withdrawals, transfers
//!   of what people own, revoking or closing, or reads.
//! - **Administration can be renounced for good** ([`Admin::renounce_admin`]):
//!   no administrator means no upgrade, no rewiring and no pause, ever.
//! - **The administrator may be any account**, a pallet-multisig account
//!   included; the two-step transfer ([`Admin::propose_admin`] then
//!   [`Admin::accept_admin`]) proves the new key can sign before it takes over.
//!
//! # Upgrades that cannot brick
//!
//! ink! 5 decodes a contract's root storage cell before it dispatches any
//! message, so a root that a new version cannot decode traps every message,
//! `execute_scheduled` included. The roles and the scheduled action therefore
//! live outside the root, in lazily loaded cells under fixed keys (see
//! [`keys`]): a later version adds a *new* cell for a new field and still
//! reads every old one. The [`Guard`] (layout version, pause flag and wiring:
//! what every state-changing message checks first) lives *in* the root, which
//! every message reads anyway, so that checking it costs no storage access
//! (pallet-contracts charges about 10 KB of proof per access). A later
//! version keeps the guard's encoding and the rest of the root as they are.
//! Code that finds a layout other than its own refuses every state-changing
//! message with [`AdminError::LayoutMismatch`] until its migration has run,
//! while the administration messages (and so the upgrade path) keep working.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// does its arithmetic with checked or saturating operations only.
#![allow(clippy::cast_possible_truncation)]

use crate::Timestamp;
use ink::env::DefaultEnvironment;
use ink::prelude::vec::Vec;
use ink::primitives::{AccountId, Hash};
use ink::storage::traits::ManualKey;
use ink::storage::Lazy;

/// The longest timelock a contract may be instantiated with: 365 days, in
/// milliseconds. It keeps `now + delay` far from overflow and stops a typo from
/// locking upgrades for centuries.
pub const MAX_DELAY: Timestamp = 365 * 24 * 60 * 60 * 1_000;

/// The grace period a deployment gets unless it asks for another: 7 days, in
/// milliseconds. A scheduled action that has been executable for longer can
/// no longer be executed (see [`AdminError::ActionExpired`]).
pub const DEFAULT_GRACE: Timestamp = 7 * 24 * 60 * 60 * 1_000;

/// The fixed storage keys of the administration cells. They never change
/// between versions; a new administration field gets a new key.
pub mod keys {
    /// Administrator, proposed administrator and timelock delay.
    pub const ROLES: u32 = 0x4d4d_4101;
    /// The scheduled action, if any.
    pub const SCHEDULED: u32 = 0x4d4d_4102;
    /// The grace period of scheduled actions: a cell of its own, added after
    /// the roles, so that code which knows it still reads every older cell.
    pub const GRACE: u32 = 0x4d4d_4105;
    // 0x4d4d_4106 on: later versions' cells (the upgrade fixture's
    // version 3 keeps its guardian in 0x4d4d_4106).
    // 0x4d4d_4103 held the wiring and 0x4d4d_4104 the guard before the guard
    // moved into the root cell; neither is reused, so that no later field can
    // be read from a stale cell.
}

/// Why an administrative action, or an action while paused or before a
/// migration, was refused. Every refusal changes nothing.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminError {
    /// Only the administrator may do this (or administration was renounced).
    NotAdmin,
    /// Only the proposed administrator may accept; there is none, or the caller is
    /// not it.
    NotProposedAdmin,
    /// The contract is paused: what it documents as pausable is stopped.
    Paused,
    /// The contract already is in the requested pause state.
    PauseUnchanged,
    /// No contract code with this hash is on chain; nothing was changed.
    UnknownCodeHash { code_hash: Hash },
    /// `Timelock::Delay(0)` was asked for; a contract without a delay must be
    /// instantiated with `Timelock::Disabled`.
    ZeroDelay,
    /// A delay above `max` milliseconds was asked for.
    DelayTooLong { max: Timestamp },
    /// An action is already scheduled (executable from `ready_at`); cancel or
    /// execute it first.
    ActionPending { ready_at: Timestamp },
    /// No action is scheduled.
    NothingScheduled,
    /// The scheduled action may be executed from `ready_at`; it is `now`.
    TooEarly { ready_at: Timestamp, now: Timestamp },
    /// This contract calls no contract of kind `link`.
    UnusedLink { link: Link },
    /// The wiring was set already; changes go through [`Admin::schedule`].
    WiringAlreadySet,
    /// The stored data is at layout version `stored`, this code reads `code`:
    /// state changes wait for the migration.
    LayoutMismatch { stored: u32, code: u32 },
    /// The scheduled action was executable until `expired_at` and can no
    /// longer be executed: users were told of it too long ago. Cancel it, or
    /// schedule it again (which replaces it) and wait for the delay again.
    ActionExpired { expired_at: Timestamp },
    /// A grace period of 0, or above `max` milliseconds, was asked for.
    GraceOutOfRange { max: Timestamp },
}

impl AdminError {
    /// The variant's name, stable across versions: what PSP34's
    /// `Custom(String)` error carries for administrative refusals.
    pub fn name(&self) -> &'static str {
        match self {
            Self::NotAdmin => "NotAdmin",
            Self::NotProposedAdmin => "NotProposedAdmin",
            Self::Paused => "Paused",
            Self::PauseUnchanged => "PauseUnchanged",
            Self::UnknownCodeHash { .. } => "UnknownCodeHash",
            Self::ZeroDelay => "ZeroDelay",
            Self::DelayTooLong { .. } => "DelayTooLong",
            Self::ActionPending { .. } => "ActionPending",
            Self::NothingScheduled => "NothingScheduled",
            Self::TooEarly { .. } => "TooEarly",
            Self::UnusedLink { .. } => "UnusedLink",
            Self::WiringAlreadySet => "WiringAlreadySet",
            Self::LayoutMismatch { .. } => "LayoutMismatch",
            Self::ActionExpired { .. } => "ActionExpired",
            Self::GraceOutOfRange { .. } => "GraceOutOfRange",
        }
    }
}

/// How long scheduled upgrades and rewirings wait before they can be executed.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timelock {
    /// No delay: scheduled actions are executable at once. For local dev chains;
    /// never deploy money-holding contracts like this.
    Disabled,
    /// Scheduled actions wait this many milliseconds of block time
    /// (1..=[`MAX_DELAY`]).
    Delay(Timestamp),
}

impl Timelock {
    /// The delay in milliseconds, or why it is not allowed.
    pub fn delay(self) -> Result<Timestamp, AdminError> {
        match self {
            Self::Disabled => Ok(0),
            Self::Delay(0) => Err(AdminError::ZeroDelay),
            Self::Delay(ms) if ms > MAX_DELAY => Err(AdminError::DelayTooLong { max: MAX_DELAY }),
            Self::Delay(ms) => Ok(ms),
        }
    }
}

/// A kind of ModelMint contract (or account) another one calls or trusts.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum Link {
    /// The model registry: the market accepts model pushes from it alone.
    Registry,
    /// The market: the registry pushes model changes to it and asks it for
    /// derivative rights; a gateway checks licenses and pays fees there.
    Market,
    /// The arbiter of the registry's disputes: an account (in production a
    /// multisig or a DAO), not a contract the registry calls.
    Arbiter,
}

impl Link {
    /// Every link, in declaration order.
    pub const ALL: [Link; 3] = [Link::Registry, Link::Market, Link::Arbiter];
}

/// The contracts one contract calls: the one rewiring shape of every ModelMint
/// contract. A contract uses only some links (see [`AdminView::links`]); the
/// others stay `None`. `None` on a used link means "not wired": what needs that
/// contract is refused with a typed `…Unavailable` error.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Wiring {
    /// The model registry.
    pub registry: Option<AccountId>,
    /// The market.
    pub market: Option<AccountId>,
    /// The arbiter of disputes (the registry only).
    pub arbiter: Option<AccountId>,
}

impl Wiring {
    /// The contract wired for `link`, if any.
    pub fn get(&self, link: Link) -> Option<AccountId> {
        match link {
            Link::Registry => self.registry,
            Link::Market => self.market,
            Link::Arbiter => self.arbiter,
        }
    }

    /// Fails if a link outside `links` is set.
    pub fn ensure_only(&self, links: &[Link]) -> Result<(), AdminError> {
        for link in Link::ALL {
            if self.get(link).is_some() && !links.contains(&link) {
                return Err(AdminError::UnusedLink { link });
            }
        }
        Ok(())
    }
}

/// A timelocked administrative action.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub enum AdminAction {
    /// Replace the contract's code with the uploaded code `code_hash`; storage
    /// is kept.
    Upgrade { code_hash: Hash },
    /// Replace the whole wiring with `wiring`.
    Rewire { wiring: Wiring },
}

/// An action waiting for its timelock.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Scheduled {
    /// What will happen.
    pub action: AdminAction,
    /// When it was scheduled (block timestamp, ms).
    pub scheduled_at: Timestamp,
    /// From when it may be executed (block timestamp, ms): `scheduled_at + delay`.
    pub ready_at: Timestamp,
    /// Until when it may be executed (block timestamp, ms, inclusive):
    /// `ready_at + grace`. After that it must be scheduled again.
    pub expires_at: Timestamp,
}

mod interface;
pub use interface::{Admin, AdminView};

/// Administrator, proposal and delay: one cell.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Roles {
    admin: Option<AccountId>,
    proposed: Option<AccountId>,
    delay: Timestamp,
}

/// The layout version of the stored data, the pause flag and the wiring: part
/// of the contract's root cell, so that the guard of a message
/// ([`AdminData::ensure_running`], [`AdminData::ensure_current`]) reads no
/// storage and hands back the contracts the message may call.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
pub struct Guard {
    layout: u32,
    paused: bool,
    wiring: Wiring,
    /// Whether the wiring was set (at instantiation or by the one immediate
    /// [`Admin::wire`]); later changes go through [`Admin::schedule`].
    wired: bool,
}

impl Guard {
    fn ensure_current(self, code: u32) -> Result<(), AdminError> {
        if self.layout == code {
            Ok(())
        } else {
            Err(AdminError::LayoutMismatch { stored: self.layout, code })
        }
    }
}

/// Events of the administration messages, the same for every contract.
pub mod events;

use events::{
    ActionCancelled, ActionScheduled, AdminChanged, AdminEvent, AdminProposed, AdminRenounced,
    CodeUpgraded, LayoutMigrated, PauseChanged, Rewired,
};

/// The administration state of one contract: the guard in the contract's root
/// cell (read by every message anyway), the roles and the scheduled action in
/// lazily loaded cells under fixed keys (see [`keys`]), read only by the
/// administration messages.
///
/// Two sets of methods: the *rules* take the caller and the block time and
/// return the events to emit (unit-testable without a chain); the *messages*
/// (`*_message`, and [`AdminData::view`] behind [`Admin::admin_state`]) read
/// the environment, apply
/// the rules and emit the events, so a contract implements [`Admin`] with
/// one-line bodies.
#[ink::storage_item]
#[derive(Default)]
pub struct AdminData {
    guard: Guard,
    roles: Lazy<Roles, ManualKey<{ keys::ROLES }>>,
    scheduled: Lazy<Scheduled, ManualKey<{ keys::SCHEDULED }>>,
    grace: Lazy<Timestamp, ManualKey<{ keys::GRACE }>>,
}

impl core::fmt::Debug for AdminData {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AdminData")
            .field("roles", &self.roles.get())
            .field("scheduled", &self.scheduled.get())
            .field("grace", &self.grace.get())
            .field("guard", &self.guard)
            .finish()
    }
}

/// What a contract passes to [`AdminData::new`]: its administrator, timelock,
/// the links it uses with their initial wiring, and its layout version.
#[derive(Clone, Copy, Debug)]
pub struct AdminInit<'a> {
    /// The first administrator (the instantiating account).
    pub admin: AccountId,
    /// The timelock of upgrades and rewiring.
    pub timelock: Timelock,
    /// How long a scheduled action stays executable once ready, ms
    /// (1..=[`MAX_DELAY`]; [`DEFAULT_GRACE`] unless a deployment asks).
    pub grace: Timestamp,
    /// The links the contract uses.
    pub links: &'a [Link],
    /// The wiring at instantiation; all `None` leaves one [`Admin::wire`] open.
    pub wiring: Wiring,
    /// The layout version of the code being instantiated.
    pub layout_version: u32,
}

impl AdminData {
    /// The administration of a new contract, or why its settings are refused.
    pub fn new(init: AdminInit<'_>) -> Result<Self, AdminError> {
        let delay = init.timelock.delay()?;
        if init.grace == 0 || init.grace > MAX_DELAY {
            return Err(AdminError::GraceOutOfRange { max: MAX_DELAY });
        }
        init.wiring.ensure_only(init.links)?;
        let mut data = Self::default();
        data.roles.set(&Roles { admin: Some(init.admin), proposed: None, delay });
        data.grace.set(&init.grace);
        data.guard = Guard {
            layout: init.layout_version,
            paused: false,
            wiring: init.wiring,
            wired: init.wiring != Wiring::default(),
        };
        Ok(data)
    }

    /// The administration of the contract being instantiated: the caller
    /// becomes its administrator (see [`Self::new`]).
    pub fn instantiate(
        timelock: Timelock,
        grace: Timestamp,
        links: &[Link],
        wiring: Wiring,
        layout_version: u32,
    ) -> Result<Self, AdminError> {
        Self::new(AdminInit { admin: caller(), timelock, grace, links, wiring, layout_version })
    }

    fn roles(&self) -> Roles {
        // SAFETY of the default: every constructor goes through `new`, which
        // writes the cell; the default (no admin, no delay) is never observed
        // on a deployed contract and would grant no rights if it were.
        self.roles.get().unwrap_or(Roles { admin: None, proposed: None, delay: 0 })
    }

    /// The grace period of scheduled actions. A contract instantiated before
    /// the grace period existed has no cell and gets [`DEFAULT_GRACE`].
    pub fn grace(&self) -> Timestamp {
        self.grace.get().unwrap_or(DEFAULT_GRACE)
    }

    fn guard(&self) -> Guard {
        // In the root: no storage access. `new` sets it; the default's
        // layout 0 matches no code.
        self.guard
    }

    /// Removes the scheduled action's cell (its storage deposit goes back).
    fn clear_scheduled(&mut self) {
        ink::env::clear_contract_storage(&keys::SCHEDULED);
    }

    /// The administrator; `None` once renounced.
    pub fn admin(&self) -> Option<AccountId> {
        self.roles().admin
    }

    /// The contracts this contract calls.
    pub fn wiring(&self) -> Wiring {
        self.guard().wiring
    }

    /// The contract wired for `link`, if any.
    pub fn link(&self, link: Link) -> Option<AccountId> {
        self.wiring().get(link)
    }

    /// Whether the contract is paused.
    pub fn is_paused(&self) -> bool {
        self.guard().paused
    }

    /// The layout version of the stored data.
    pub fn layout_version(&self) -> u32 {
        self.guard().layout
    }

    /// The scheduled action, if any.
    pub fn scheduled(&self) -> Option<Scheduled> {
        self.scheduled.get()
    }

    /// The full view, for code that reads layout version `code_layout_version`
    /// and uses `links`.
    pub fn view(&self, links: &[Link], code_layout_version: u32) -> AdminView {
        let roles = self.roles();
        let guard = self.guard();
        AdminView {
            admin: roles.admin,
            proposed: roles.proposed,
            paused: guard.paused,
            delay: roles.delay,
            grace: self.grace(),
            scheduled: self.scheduled(),
            wiring: guard.wiring,
            links: links.to_vec(),
            layout_version: guard.layout,
            code_layout_version,
        }
    }

    /// Fails unless `caller` is the administrator.
    pub fn ensure_admin(&self, caller: AccountId) -> Result<(), AdminError> {
        if self.admin() == Some(caller) {
            Ok(())
        } else {
            Err(AdminError::NotAdmin)
        }
    }

    /// Fails unless the stored data is at `code` layout version: the guard of
    /// every state-changing message that is not pausable. Returns the wiring,
    /// read in the same storage access, for a message that calls another
    /// contract.
    pub fn ensure_current(&self, code: u32) -> Result<Wiring, AdminError> {
        let guard = self.guard();
        guard.ensure_current(code)?;
        Ok(guard.wiring)
    }

    /// Fails while paused or before a migration: the guard of every pausable
    /// message. Returns the wiring, read in the same storage access, for a
    /// message that calls another contract.
    pub fn ensure_running(&self, code: u32) -> Result<Wiring, AdminError> {
        let guard = self.guard();
        guard.ensure_current(code)?;
        if guard.paused {
            Err(AdminError::Paused)
        } else {
            Ok(guard.wiring)
        }
    }

    // --- rules -----------------------------------------------------------------

    /// Rule of [`Admin::propose_admin`].
    pub fn propose(
        &mut self,
        caller: AccountId,
        next: Option<AccountId>,
    ) -> Result<Vec<AdminEvent>, AdminError> {
        self.ensure_admin(caller)?;
        let mut roles = self.roles();
        roles.proposed = next;
        self.roles.set(&roles);
        Ok(ink::prelude::vec![AdminEvent::AdminProposed(AdminProposed { proposed: next })])
    }

    /// Rule of [`Admin::accept_admin`].
    pub fn accept(&mut self, caller: AccountId) -> Result<Vec<AdminEvent>, AdminError> {
        let mut roles = self.roles();
        let previous = match (roles.proposed, roles.admin) {
            (Some(proposed), Some(previous)) if proposed == caller => previous,
            _ => return Err(AdminError::NotProposedAdmin),
        };
        roles.admin = Some(caller);
        roles.proposed = None;
        self.roles.set(&roles);
        Ok(ink::prelude::vec![AdminEvent::AdminChanged(AdminChanged { previous, admin: caller })])
    }

    /// Rule of [`Admin::renounce_admin`].
    pub fn renounce(&mut self, caller: AccountId) -> Result<Vec<AdminEvent>, AdminError> {
        self.ensure_admin(caller)?;
        let mut events = Vec::new();
        if let Some(scheduled) = self.scheduled.get() {
            self.clear_scheduled();
            events.push(AdminEvent::ActionCancelled(ActionCancelled { action: scheduled.action }));
        }
        let mut guard = self.guard();
        if guard.paused {
            guard.paused = false;
            self.guard = guard;
            events.push(AdminEvent::PauseChanged(PauseChanged { paused: false }));
        }
        let roles = Roles { admin: None, proposed: None, delay: self.roles().delay };
        self.roles.set(&roles);
        events.push(AdminEvent::AdminRenounced(AdminRenounced { previous: caller }));
        Ok(events)
    }

    /// Rule of [`Admin::set_paused`].
    pub fn set_paused(
        &mut self,
        caller: AccountId,
        paused: bool,
    ) -> Result<Vec<AdminEvent>, AdminError> {
        self.ensure_admin(caller)?;
        let mut guard = self.guard();
        if guard.paused == paused {
            return Err(AdminError::PauseUnchanged);
        }
        guard.paused = paused;
        self.guard = guard;
        Ok(ink::prelude::vec![AdminEvent::PauseChanged(PauseChanged { paused })])
    }

    /// Rule of [`Admin::wire`] for a contract that uses `links`.
    pub fn wire(
        &mut self,
        caller: AccountId,
        links: &[Link],
        wiring: Wiring,
    ) -> Result<Vec<AdminEvent>, AdminError> {
        self.ensure_admin(caller)?;
        let mut guard = self.guard();
        if guard.wired {
            return Err(AdminError::WiringAlreadySet);
        }
        wiring.ensure_only(links)?;
        let previous = guard.wiring;
        guard.wiring = wiring;
        guard.wired = true;
        self.guard = guard;
        Ok(ink::prelude::vec![AdminEvent::Rewired(Rewired { previous, wiring })])
    }

    /// Rule of [`Admin::schedule`] at block time `now`, for a contract that
    /// uses `links`. Returns when the action becomes executable.
    pub fn schedule(
        &mut self,
        caller: AccountId,
        now: Timestamp,
        links: &[Link],
        action: AdminAction,
    ) -> Result<(Timestamp, Vec<AdminEvent>), AdminError> {
        self.ensure_admin(caller)?;
        let pending = self.scheduled.get();
        if let Some(pending) = pending {
            if now <= pending.expires_at {
                return Err(AdminError::ActionPending { ready_at: pending.ready_at });
            }
        }
        if let AdminAction::Rewire { wiring } = action {
            wiring.ensure_only(links)?;
        }
        // Saturating: `delay` and `grace` are <= MAX_DELAY, so these saturate
        // only at the end of the clock, where "never" is the right answer.
        let ready_at = now.saturating_add(self.roles().delay);
        let expires_at = ready_at.saturating_add(self.grace());
        let scheduled = Scheduled { action, scheduled_at: now, ready_at, expires_at };
        self.scheduled.set(&scheduled);
        let mut events = Vec::new();
        if let Some(expired) = pending {
            // Said, so that nobody reads the old action as still coming.
            events.push(AdminEvent::ActionCancelled(ActionCancelled { action: expired.action }));
        }
        events.push(AdminEvent::ActionScheduled(ActionScheduled { scheduled }));
        Ok((ready_at, events))
    }

    /// Rule of [`Admin::cancel_scheduled`].
    pub fn cancel(&mut self, caller: AccountId) -> Result<Vec<AdminEvent>, AdminError> {
        self.ensure_admin(caller)?;
        let scheduled = self.scheduled.get().ok_or(AdminError::NothingScheduled)?;
        self.clear_scheduled();
        Ok(ink::prelude::vec![AdminEvent::ActionCancelled(ActionCancelled {
            action: scheduled.action
        })])
    }

    /// First half of [`Admin::execute_scheduled`]: the action that `caller`
    /// may execute at block time `now`. Writes nothing, so the caller can
    /// still refuse (an upgrade whose code is not on chain).
    pub fn ready_action(
        &self,
        caller: AccountId,
        now: Timestamp,
    ) -> Result<AdminAction, AdminError> {
        self.ensure_admin(caller)?;
        let scheduled = self.scheduled.get().ok_or(AdminError::NothingScheduled)?;
        if now < scheduled.ready_at {
            return Err(AdminError::TooEarly { ready_at: scheduled.ready_at, now });
        }
        if now > scheduled.expires_at {
            return Err(AdminError::ActionExpired { expired_at: scheduled.expires_at });
        }
        Ok(scheduled.action)
    }

    /// Second half of [`Admin::execute_scheduled`]: records that the action
    /// [`Self::ready_action`] returned has been carried out.
    pub fn complete(&mut self, action: AdminAction) -> Vec<AdminEvent> {
        self.clear_scheduled();
        match action {
            AdminAction::Upgrade { code_hash } => {
                ink::prelude::vec![AdminEvent::CodeUpgraded(CodeUpgraded { code_hash })]
            }
            AdminAction::Rewire { wiring } => {
                let mut guard = self.guard();
                let previous = guard.wiring;
                guard.wiring = wiring;
                guard.wired = true;
                self.guard = guard;
                ink::prelude::vec![AdminEvent::Rewired(Rewired { previous, wiring })]
            }
        }
    }

    /// Records a migration of the data from its stored layout version to `to`
    /// (the code's). The migrating code calls it after moving the data; with
    /// nothing to do it returns no event.
    pub fn complete_migration(&mut self, to: u32) -> Vec<AdminEvent> {
        let mut guard = self.guard();
        let from = guard.layout;
        if from == to {
            return Vec::new();
        }
        guard.layout = to;
        self.guard = guard;
        ink::prelude::vec![AdminEvent::LayoutMigrated(LayoutMigrated { from, to })]
    }

    // --- messages: the rules on the contract's environment ----------------------

    /// [`Admin::propose_admin`] as a contract runs it.
    pub fn propose_admin_message(&mut self, next: Option<AccountId>) -> Result<(), AdminError> {
        let events = self.propose(caller(), next)?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::accept_admin`] as a contract runs it.
    pub fn accept_admin_message(&mut self) -> Result<(), AdminError> {
        let events = self.accept(caller())?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::renounce_admin`] as a contract runs it.
    pub fn renounce_admin_message(&mut self) -> Result<(), AdminError> {
        let events = self.renounce(caller())?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::set_paused`] as a contract runs it.
    pub fn set_paused_message(&mut self, paused: bool) -> Result<(), AdminError> {
        let events = self.set_paused(caller(), paused)?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::wire`] as a contract that uses `links` runs it.
    pub fn wire_message(&mut self, links: &[Link], wiring: Wiring) -> Result<(), AdminError> {
        let events = self.wire(caller(), links, wiring)?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::schedule`] as a contract that uses `links` runs it.
    pub fn schedule_message(
        &mut self,
        links: &[Link],
        action: AdminAction,
    ) -> Result<Timestamp, AdminError> {
        let (ready_at, events) = self.schedule(caller(), now(), links, action)?;
        emit_all(events);
        Ok(ready_at)
    }

    /// [`Admin::cancel_scheduled`] as a contract runs it.
    pub fn cancel_scheduled_message(&mut self) -> Result<(), AdminError> {
        let events = self.cancel(caller())?;
        emit_all(events);
        Ok(())
    }

    /// [`Admin::execute_scheduled`] as a contract runs it. An upgrade's new
    /// code is installed before anything is written, so a missing code hash
    /// refuses without a change; the new code runs from the next call on.
    pub fn execute_scheduled_message(&mut self) -> Result<(), AdminError> {
        let action = self.ready_action(caller(), now())?;
        if let AdminAction::Upgrade { code_hash } = action {
            ink::env::set_code_hash::<DefaultEnvironment>(&code_hash)
                .map_err(|_| AdminError::UnknownCodeHash { code_hash })?;
        }
        emit_all(self.complete(action));
        Ok(())
    }

    /// Records a migration to `to` and emits its event (see
    /// [`Self::complete_migration`]).
    pub fn complete_migration_message(&mut self, to: u32) {
        emit_all(self.complete_migration(to));
    }
}

fn caller() -> AccountId {
    ink::env::caller::<DefaultEnvironment>()
}

fn now() -> Timestamp {
    ink::env::block_timestamp::<DefaultEnvironment>()
}

/// Emits administration events from the running contract.
pub fn emit_all(events: Vec<AdminEvent>) {
    for event in events {
        match event {
            AdminEvent::AdminProposed(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::AdminChanged(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::AdminRenounced(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::PauseChanged(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::ActionScheduled(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::ActionCancelled(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::CodeUpgraded(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::Rewired(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
            AdminEvent::LayoutMigrated(e) => ink::env::emit_event::<DefaultEnvironment, _>(e),
        }
    }
}

#[cfg(feature = "std")]
#[doc(hidden)]
pub mod conformance;
mod suite;

#[cfg(test)]
mod tests;
