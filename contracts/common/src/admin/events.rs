//! Events of the administration messages, the same for every contract.

use super::{AdminAction, Scheduled, Wiring};
use ink::primitives::{AccountId, Hash};

/// The administrator proposed a successor (`None`: withdrew the proposal).
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct AdminProposed {
    /// The proposed administrator; `None` when a proposal was withdrawn.
    pub proposed: Option<AccountId>,
}

/// The proposed administrator accepted.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct AdminChanged {
    /// The administrator until now.
    #[ink(topic)]
    pub previous: AccountId,
    /// The new administrator.
    #[ink(topic)]
    pub admin: AccountId,
}

/// The administrator gave up administration for good.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct AdminRenounced {
    /// The last administrator.
    #[ink(topic)]
    pub previous: AccountId,
}

/// The contract was paused or resumed.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct PauseChanged {
    /// `true`: paused; `false`: running.
    pub paused: bool,
}

/// An upgrade or rewiring was scheduled: users have until `ready_at` to
/// leave if they do not accept it.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ActionScheduled {
    /// What was scheduled, and when it becomes executable.
    pub scheduled: Scheduled,
}

/// The scheduled action was cancelled; it will never execute.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct ActionCancelled {
    /// The action that was cancelled.
    pub action: AdminAction,
}

/// The contract's code was replaced (a scheduled upgrade executed); storage
/// is kept.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct CodeUpgraded {
    /// Hash of the new code.
    pub code_hash: Hash,
}

/// The contract was pointed at other contracts.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct Rewired {
    /// The wiring until now.
    pub previous: Wiring,
    /// The wiring from now on.
    pub wiring: Wiring,
}

/// The stored data was migrated to a new layout version.
#[ink::event]
#[derive(Debug, PartialEq, Eq)]
pub struct LayoutMigrated {
    /// The layout version before.
    pub from: u32,
    /// The layout version now.
    pub to: u32,
}

/// An administration event, as [`super::AdminData`]'s rules return them.
#[derive(Debug, PartialEq, Eq)]
pub enum AdminEvent {
    AdminProposed(AdminProposed),
    AdminChanged(AdminChanged),
    AdminRenounced(AdminRenounced),
    PauseChanged(PauseChanged),
    ActionScheduled(ActionScheduled),
    ActionCancelled(ActionCancelled),
    CodeUpgraded(CodeUpgraded),
    Rewired(Rewired),
    LayoutMigrated(LayoutMigrated),
}
