//! What an account can withdraw from the market, and which of its models a
//! withdrawal collects.
//!
//! The market's `owed_to(account)` is the account's owed balance plus its
//! part of every split it accepted. It leaves out the revenue of the models
//! the account owns without a split: that stays in each model's round until
//! a withdrawal names the model in `collect` (at most
//! [`MAX_COLLECTED`] per withdrawal). So what a withdrawal pays is
//! `owed_to` plus the round of each such model, which this module lists from
//! the registry's `models_of` and the market's record of each model.

use crate::{dry_run, refused, CliError, Client, Deployment};
use ink::primitives::AccountId;
use ink_e2e::Keypair;
use modelmint_common::{Balance, ModelId};
use modelmint_market::Market;
use modelmint_registry::Registry;

/// Most models one withdrawal collects (the market's bound).
pub const MAX_COLLECTED: usize = modelmint_market_core::MAX_COLLECTED as usize;

/// One of an account's models whose revenue is the account's to collect: it
/// owns it, and no split of its own epoch takes the revenue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Collectable {
    /// The model.
    pub model: ModelId,
    /// Its current round: what a withdrawal naming it collects.
    pub pending: Balance,
}

/// Everything the market would pay an account, in withdrawals of at most
/// [`MAX_COLLECTED`] models each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// The market's `owed_to`: the owed balance and the parts of accepted splits.
    pub owed: Balance,
    /// The account's models with revenue in their round, ascending.
    pub models: Vec<Collectable>,
}

impl Due {
    /// Everything due: the owed balance and every collectable round.
    pub fn total(&self) -> Balance {
        self.models.iter().fold(self.owed, |sum, model| sum.saturating_add(model.pending))
    }

    /// The models the next withdrawal collects (at most [`MAX_COLLECTED`])
    /// and those left for later ones.
    pub fn next_batch(&self) -> (&[Collectable], &[Collectable]) {
        self.models.split_at(self.models.len().min(MAX_COLLECTED))
    }
}

/// Every model `owner` holds, ascending, read page by page from the registry.
///
/// # Errors
/// [`CliError::Chain`] if the node cannot run the read, [`CliError::Refused`]
/// if the registry refuses a page.
pub async fn models_of(
    client: &mut Client,
    reader: &Keypair,
    deployment: &Deployment,
    owner: AccountId,
) -> Result<Vec<ModelId>, CliError> {
    let call = ink_e2e::create_call_builder::<Registry>(deployment.registry);
    let page_size = modelmint_registry::MAX_PAGE;
    let what = ("registry", "models_of");
    let mut models = Vec::new();
    let mut start: u32 = 0;
    loop {
        let page = dry_run(client, reader, what, &call.models_of(owner, start, page_size), 0)
            .await?
            .map_err(|error| refused(what, error))?;
        let full = page.len() == page_size as usize;
        models.extend(page);
        if !full {
            break;
        }
        start = start.saturating_add(page_size);
    }
    models.sort_unstable();
    Ok(models)
}

/// What the market would pay `account` now: its `owed_to`, and the round of
/// each model it owns whose revenue is its own (the market's record names it
/// the owner, and the model's split, if any, was set in an earlier owner
/// epoch). Models with an empty round are left out: collecting them pays
/// nothing.
///
/// # Errors
/// As [`models_of`].
pub async fn due_to(
    client: &mut Client,
    reader: &Keypair,
    deployment: &Deployment,
    account: AccountId,
) -> Result<Due, CliError> {
    let owned = models_of(client, reader, deployment, account).await?;
    let call = ink_e2e::create_call_builder::<Market>(deployment.market);
    let owed = dry_run(client, reader, ("market", "owed_to"), &call.owed_to(account), 0).await?;
    let mut models = Vec::new();
    for model in owned {
        // A model the registry has not pushed yet has earned nothing here.
        let Some(state) =
            dry_run(client, reader, ("market", "model"), &call.model(model), 0).await?
        else {
            continue;
        };
        if state.owner == account && !state.split_applies() && state.received > 0 {
            models.push(Collectable { model, pending: state.received });
        }
    }
    Ok(Due { owed, models })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawal_collects_at_most_the_markets_bound_and_the_rest_waits() {
        let models: Vec<Collectable> =
            (1..=40).map(|model| Collectable { model, pending: 2 }).collect();
        let due = Due { owed: 5, models };
        assert_eq!(due.total(), 5 + 40 * 2);
        let (now, later) = due.next_batch();
        assert_eq!(now.len(), MAX_COLLECTED);
        assert_eq!(MAX_COLLECTED, 32);
        assert_eq!(now.first().map(|due| due.model), Some(1));
        assert_eq!(
            later.iter().map(|due| due.model).collect::<Vec<_>>(),
            (33..=40).collect::<Vec<_>>()
        );
        let few = Due { owed: 0, models: vec![Collectable { model: 7, pending: 1 }] };
        assert_eq!(few.next_batch(), (&few.models[..], &[][..]));
    }
}
