//! Administration shared by every ModelMint contract: a two-step administrator
//! transfer, an emergency pause and the storage layout version that upgrades
//! migrate.
//!
//! Pausing stops what creates new obligations (registrations, sales, deposits);
//! it never stops withdrawals, reads or transfers of what people already own,
//! so nobody's money is frozen by an administrator.

// parity-scale-codec-derive 3.7.5 casts each variant index with `as u8` in the
// `Encode` impl it generates for enum variants that carry fields, and allows
// that lint only for unit variants; cargo-contract denies the lint. This module
// holds no arithmetic, so the allow hides nothing else.
#![allow(clippy::cast_possible_truncation)]

use ink::primitives::{AccountId, Hash};

/// Why an administrative action, or an action while paused, was refused.
#[ink::scale_derive(Encode, Decode, TypeInfo)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminError {
    /// Only the administrator may do this.
    NotAdmin,
    /// Only the proposed administrator may accept; there is none, or the caller is
    /// not it.
    NotProposedAdmin,
    /// The contract is paused: no new registrations, sales or deposits.
    Paused,
    /// The contract already is in the requested pause state.
    PauseUnchanged,
    /// No contract code with this hash is on chain; nothing was changed.
    UnknownCodeHash { code_hash: Hash },
}

/// The administrator, a proposed successor, the pause flag and the storage
/// layout version of one contract.
#[ink::storage_item]
#[derive(Debug)]
pub struct AdminState {
    admin: AccountId,
    proposed: Option<AccountId>,
    paused: bool,
    layout_version: u32,
}

impl AdminState {
    /// State of a new contract administered by `admin`, at `layout_version`.
    pub fn new(admin: AccountId, layout_version: u32) -> Self {
        Self { admin, proposed: None, paused: false, layout_version }
    }

    /// The administrator.
    pub fn admin(&self) -> AccountId {
        self.admin
    }

    /// The account proposed as the next administrator, if any.
    pub fn proposed(&self) -> Option<AccountId> {
        self.proposed
    }

    /// Whether the contract is paused.
    pub fn is_paused(&self) -> bool {
        self.paused
    }

    /// The storage layout version the contract's data is in.
    pub fn layout_version(&self) -> u32 {
        self.layout_version
    }

    /// Fails unless `caller` is the administrator.
    pub fn ensure_admin(&self, caller: AccountId) -> Result<(), AdminError> {
        if caller == self.admin {
            Ok(())
        } else {
            Err(AdminError::NotAdmin)
        }
    }

    /// Fails while the contract is paused.
    pub fn ensure_running(&self) -> Result<(), AdminError> {
        if self.paused {
            Err(AdminError::Paused)
        } else {
            Ok(())
        }
    }

    /// Step one of a transfer: the administrator proposes `next` (`None`
    /// withdraws a proposal). Nothing changes until `next` accepts.
    pub fn propose(
        &mut self,
        caller: AccountId,
        next: Option<AccountId>,
    ) -> Result<(), AdminError> {
        self.ensure_admin(caller)?;
        self.proposed = next;
        Ok(())
    }

    /// Step two: the proposed account accepts and becomes the administrator.
    /// Returns the previous administrator.
    pub fn accept(&mut self, caller: AccountId) -> Result<AccountId, AdminError> {
        if self.proposed != Some(caller) {
            return Err(AdminError::NotProposedAdmin);
        }
        let previous = self.admin;
        self.admin = caller;
        self.proposed = None;
        Ok(previous)
    }

    /// Pauses or resumes the contract.
    pub fn set_paused(&mut self, caller: AccountId, paused: bool) -> Result<(), AdminError> {
        self.ensure_admin(caller)?;
        if self.paused == paused {
            return Err(AdminError::PauseUnchanged);
        }
        self.paused = paused;
        Ok(())
    }

    /// Records that the data has been migrated to `layout_version`.
    pub fn set_layout_version(&mut self, layout_version: u32) {
        self.layout_version = layout_version;
    }
}

/// Events of the administration messages, emitted by every ModelMint contract.
pub mod events {
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

    /// The contract was paused or resumed.
    #[ink::event]
    #[derive(Debug, PartialEq, Eq)]
    pub struct PauseChanged {
        /// `true`: paused; `false`: running.
        pub paused: bool,
    }

    /// The contract's code was replaced; storage is kept.
    #[ink::event]
    #[derive(Debug, PartialEq, Eq)]
    pub struct CodeUpgraded {
        /// Hash of the new code.
        pub code_hash: Hash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(byte: u8) -> AccountId {
        AccountId::from([byte; 32])
    }

    #[test]
    fn the_administrator_changes_only_when_the_proposed_account_accepts() {
        let mut state = AdminState::new(account(1), 1);
        assert_eq!(state.propose(account(2), Some(account(3))), Err(AdminError::NotAdmin));
        state.propose(account(1), Some(account(3))).unwrap();
        assert_eq!(state.admin(), account(1));
        assert_eq!(state.accept(account(2)), Err(AdminError::NotProposedAdmin));
        assert_eq!(state.accept(account(3)), Ok(account(1)));
        assert_eq!((state.admin(), state.proposed()), (account(3), None));
        assert_eq!(state.accept(account(3)), Err(AdminError::NotProposedAdmin));
    }

    #[test]
    fn a_withdrawn_proposal_cannot_be_accepted() {
        let mut state = AdminState::new(account(1), 1);
        state.propose(account(1), Some(account(2))).unwrap();
        state.propose(account(1), None).unwrap();
        assert_eq!(state.accept(account(2)), Err(AdminError::NotProposedAdmin));
        assert_eq!(state.admin(), account(1));
    }

    #[test]
    fn only_the_administrator_pauses_and_a_repeated_request_is_refused() {
        let mut state = AdminState::new(account(1), 1);
        assert_eq!(state.set_paused(account(2), true), Err(AdminError::NotAdmin));
        assert_eq!(state.ensure_running(), Ok(()));
        state.set_paused(account(1), true).unwrap();
        assert_eq!(state.ensure_running(), Err(AdminError::Paused));
        assert_eq!(state.set_paused(account(1), true), Err(AdminError::PauseUnchanged));
        state.set_paused(account(1), false).unwrap();
        assert!(!state.is_paused());
    }
}
