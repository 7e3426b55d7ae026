//! Datasets as assets (issue 33), on the node: Dave's dataset is licensed for
//! training, Alice's model is registered as trained on it, Bob fine-tunes
//! Alice's model, and every sale of either model pays Dave his share, to the
//! unit. A training edge needs a right, and a dataset license without the
//! training use grants none.

use crate::stack::{dataset_draft, model_draft, offer_terms, trained_draft, Stack};
use crate::support::{account, E2EResult};
use crate::{commit, deploy_stack, register};
use ink_e2e::{AccountKeyring::Bob, ContractsBackend};
use modelmint_common::licensing::{LicenseDuration, Use};
use modelmint_common::market::MarketError;
use modelmint_common::psp34::PSP34;
use modelmint_common::registry::ModelRegistry;
use modelmint_common::{AssetKind, Balance, Obligation, Relation};
use modelmint_market::Market;
use modelmint_registry::{Registry, RegistryError};

/// An odd price, so that every share has a fraction to carry.
const PRICE: Balance = 10_001;
/// What Dave's training license costs.
const TRAINING_PRICE: Balance = 2_000;

#[e2e::test]
async fn every_sale_pays_the_dataset_owner_down_through_a_fine_tune<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Dave's dataset 1, licensed for research and training at 5 % of
    // every model trained on it; Alice buys that license and registers her
    // model 2 as trained on it; she lets Bob fine-tune it at 10 % (model 3)
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    macro_rules! read {
        ($message:expr) => {
            client.call(&ink_e2e::eve(), &$message).dry_run().await?.return_value()
        };
    }
    register!(client, stack.registry, ink_e2e::dave(), dataset_draft("corpus"))?;
    assert_eq!(read!(registry.model(1)).expect("dataset 1").kind, AssetKind::Dataset);
    let training = [Use::Research, Use::Training];
    let terms =
        offer_terms(TRAINING_PRICE, LicenseDuration::Perpetual, &training, Some(500), false);
    client.call(&ink_e2e::dave(), &market.create_offer(1, terms)).submit().await?;
    let bought = market.buy(1, 1, TRAINING_PRICE);
    client.call(&ink_e2e::alice(), &bought).value(TRAINING_PRICE).submit().await?;
    register!(client, stack.registry, ink_e2e::alice(), trained_draft("chat", &[], &[(1, 500)]))?;
    let approve = registry.approve_derivative(2, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("chat-ft", &[2]))?;
    let edges = read!(registry.parents(2));
    assert_eq!(
        (edges[0].model, edges[0].relation, edges[0].royalty_bps),
        (1, Relation::TrainedOn, 500)
    );
    let expected =
        vec![Obligation { ancestor: 1, bps: 500 }, Obligation { ancestor: 2, bps: 1_000 }];
    assert_eq!(read!(registry.obligations(3)), expected, "the fine-tune still owes Dave");

    // when: Eve buys a license of Alice's model and one of Bob's fine-tune
    let commercial = [Use::CommercialInference];
    for (owner, model) in [(ink_e2e::alice(), 2), (ink_e2e::bob(), 3)] {
        let terms = offer_terms(PRICE, LicenseDuration::Perpetual, &commercial, None, false);
        client.call(&owner, &market.create_offer(model, terms)).submit().await?;
    }
    client.call(&ink_e2e::eve(), &market.buy(2, 2, PRICE)).value(PRICE).submit().await?;
    client.call(&ink_e2e::eve(), &market.buy(3, 3, PRICE)).value(PRICE).submit().await?;

    // then: Dave's dataset earned its license and floor(500.05) of each sale;
    // Alice's model floor(1 000.1) of Bob's sale and the rest of its own;
    // Bob's model the rest of his
    let dataset = TRAINING_PRICE + 500 + 500;
    let (alices, bobs) = (PRICE - 500 + 1_000, PRICE - 500 - 1_000);
    for (model, pending) in [(1, dataset), (2, alices), (3, bobs)] {
        assert_eq!(read!(market.pending_of(model)), pending, "model {model}");
    }
    crate::assert_ledger_sound!(client, stack.market);
    let daves = client.call(&ink_e2e::dave(), &market.withdraw(vec![1])).submit().await?;
    assert_eq!(daves.return_value(), Ok(dataset));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn a_training_edge_needs_a_right_and_a_research_license_grants_none<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Dave's dataset 1 with a research-only offer, which Alice buys;
    // and Dave's model 2
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::dave(), dataset_draft("corpus"))?;
    register!(client, stack.registry, ink_e2e::dave(), model_draft("daves-model", &[]))?;
    let research = offer_terms(100, LicenseDuration::Perpetual, &[Use::Research], None, false);
    client.call(&ink_e2e::dave(), &market.create_offer(1, research)).submit().await?;
    client.call(&ink_e2e::alice(), &market.buy(1, 1, 100)).value(100).submit().await?;

    // then: a training royalty without the training use, or a model's use on
    // a dataset, is not an offer Dave can make
    let no_training =
        offer_terms(100, LicenseDuration::Perpetual, &[Use::Research], Some(500), false);
    let refused =
        client.call(&ink_e2e::dave(), &market.create_offer(1, no_training)).dry_run().await?;
    assert_eq!(
        refused.return_value(),
        Err(MarketError::DerivativesNeedUse { needed: Use::Training })
    );
    let fine_tuning = offer_terms(100, LicenseDuration::Perpetual, &[Use::FineTuning], None, false);
    let refused =
        client.call(&ink_e2e::dave(), &market.create_offer(1, fine_tuning)).dry_run().await?;
    assert_eq!(
        refused.return_value(),
        Err(MarketError::UsesNotForKind { bits: Use::FineTuning.bit(), kind: AssetKind::Dataset })
    );

    // when: Alice reveals a model trained on the dataset with her research
    // license, and one naming the dataset as a fine-tuned parent, and one
    // naming Dave's model as training data
    let cases = [
        (
            trained_draft("alice-a", &[], &[(1, 10_000)]),
            RegistryError::NoDerivativeRight { parent: 1 },
        ),
        (
            model_draft("alice-b", &[1]),
            RegistryError::RelationMismatch {
                parent: 1,
                relation: Relation::FineTune,
                kind: AssetKind::Dataset,
            },
        ),
        (
            trained_draft("alice-c", &[], &[(2, 10_000)]),
            RegistryError::RelationMismatch {
                parent: 2,
                relation: Relation::TrainedOn,
                kind: AssetKind::Model,
            },
        ),
    ];
    for (draft, refusal) in cases {
        let salt = commit!(client, stack.registry, ink_e2e::alice(), draft);
        let reveal = registry.register(draft.clone(), salt);
        let planned = client.call(&ink_e2e::alice(), &reveal).dry_run().await?;
        // then: each is refused with its reason, and nothing is registered
        assert_eq!(planned.return_value(), Err(refusal));
        crate::assert_reverted!(client.call(&ink_e2e::alice(), &reveal).submit().await);
    }
    assert_eq!(
        client.call(&ink_e2e::eve(), &registry.total_supply()).dry_run().await?.return_value(),
        2
    );
    Ok(())
}
