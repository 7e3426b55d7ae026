//! The registry's calls to the market it is wired to, through the shared
//! traits only (never the market crate): whether a registrant holds a license
//! with derivative rights
//! ([`DerivativeRights`](modelmint_common::licensing::DerivativeRights)), and
//! the push of a model's record
//! ([`ModelSync`](modelmint_common::market::ModelSync)).
//!
//! **The registry pushes.** It is the source of truth about models; the
//! market sells from its own copy of each model (owner, owner epoch, status,
//! obligations, voided epochs: a
//! [`ModelRecord`](modelmint_common::market::ModelRecord)). Every message that
//! changes any of it (registration, PSP34 transfer, status change, a ruling
//! that changes the status, the owner or the voided epochs) sends the model's
//! record after the change, as the data layer returns it
//! ([`Push`]), once the registry's own writes are done
//! (checks, effects, interactions). If the market traps or refuses it, the
//! message fails with [`RegistryError::MarketUnavailable`] and, on a chain,
//! nothing changes. With no market wired nothing is pushed: after wiring
//! one (or rewiring), `resync` sends each model's record, and anyone may call
//! it, also while paused.
//!
//! Unit tests run without a chain, where no contract can be called: there
//! the calls reach `fake`, a market that records what it is told.

use crate::data::Push;
use crate::errors::RegistryError;
use ink::primitives::AccountId;
use modelmint_common::{Bps, ModelId};

/// What the wired `market`, if any, says `account` owes `parent` for a
/// derivative under a valid license with derivative rights (`None` without a
/// market or a license).
///
/// # Errors
/// [`RegistryError::MarketUnavailable`] if the market could not be asked.
pub fn derivative_royalty(
    market: Option<AccountId>,
    parent: ModelId,
    account: AccountId,
) -> Result<Option<Bps>, RegistryError> {
    let Some(market) = market else {
        return Ok(None);
    };
    ask(market, parent, account)
}

/// Sends `push` to the wired `market`. Without a market nothing is sent: a
/// `resync` of the model after the wiring brings the market up to date.
///
/// # Errors
/// [`RegistryError::MarketUnavailable`] if the market trapped or refused it.
pub fn push(market: Option<AccountId>, push: Push) -> Result<(), RegistryError> {
    match market {
        Some(market) => sync(market, push),
        None => Ok(()),
    }
}

/// Sends `push` to `market` through
/// [`ModelSync::sync_model`](modelmint_common::market::ModelSync::sync_model).
///
/// # Errors
/// [`RegistryError::MarketUnavailable`] if the market trapped or refused it.
#[cfg(not(test))]
pub fn sync(market: AccountId, Push { model, record }: Push) -> Result<(), RegistryError> {
    use ink::codegen::TraitCallBuilder;
    use modelmint_common::market::ModelSync;
    let mut market: ink::contract_ref!(ModelSync, ink::env::DefaultEnvironment) = market.into();
    match market.call_mut().sync_model(model, record).try_invoke() {
        Ok(Ok(Ok(()))) => Ok(()),
        _ => Err(RegistryError::MarketUnavailable),
    }
}

#[cfg(not(test))]
fn ask(
    market: AccountId,
    parent: ModelId,
    account: AccountId,
) -> Result<Option<Bps>, RegistryError> {
    use ink::codegen::TraitCallBuilder;
    use modelmint_common::licensing::DerivativeRights;
    let market: ink::contract_ref!(DerivativeRights, ink::env::DefaultEnvironment) = market.into();
    match market.call().derivative_royalty(parent, account).try_invoke() {
        Ok(Ok(royalty)) => Ok(royalty),
        _ => Err(RegistryError::MarketUnavailable),
    }
}

#[cfg(test)]
pub use fake::sync;

#[cfg(test)]
use fake::ask;

/// The market of the unit tests: it records every push and answers every
/// derivative-rights question with `None`, or fails every call once told to.
#[cfg(test)]
pub mod fake {
    use super::{AccountId, Bps, ModelId, Push, RegistryError};
    use core::cell::{Cell, RefCell};
    use ink::prelude::vec::Vec;

    std::thread_local! {
        static PUSHES: RefCell<Vec<(AccountId, Push)>> = const { RefCell::new(Vec::new()) };
        static FAILING: Cell<bool> = const { Cell::new(false) };
    }

    /// Every push received since the last [`take_pushes`], with the market it
    /// was sent to.
    pub fn take_pushes() -> Vec<(AccountId, Push)> {
        PUSHES.with(|pushes| pushes.take())
    }

    /// Makes every call fail (as a trapping market would), or succeed again.
    pub fn set_failing(failing: bool) {
        FAILING.with(|cell| cell.set(failing));
    }

    /// Records `push` sent to `market`.
    pub fn sync(market: AccountId, push: Push) -> Result<(), RegistryError> {
        if FAILING.with(Cell::get) {
            return Err(RegistryError::MarketUnavailable);
        }
        PUSHES.with(|pushes| pushes.borrow_mut().push((market, push)));
        Ok(())
    }

    /// Nobody holds a license with derivative rights.
    pub(super) fn ask(
        _market: AccountId,
        _parent: ModelId,
        _account: AccountId,
    ) -> Result<Option<Bps>, RegistryError> {
        if FAILING.with(Cell::get) {
            return Err(RegistryError::MarketUnavailable);
        }
        Ok(None)
    }
}
