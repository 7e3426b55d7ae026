//! Upstream obligations per ancestor (issue 29), on the node: a purchase of a
//! derivative runs in the market alone and credits each ancestor the model
//! owes its share of the price directly, to the unit; and no edge below an
//! ancestor can cut that ancestor's share off: Bob cannot shed his parent's
//! 10 % through a second account's 0 % approval or 0 % derivative license.

use crate::stack::{model_draft, offer_terms, Stack, DAY};
use crate::support::{account, decode_event, emitters, frames, E2EResult, Frame};
use crate::{deploy_stack, register};
use ink_e2e::{
    AccountKeyring::{Alice, Bob, Charlie, Dave},
    ContractsBackend,
};
use modelmint_common::licensing::{LicenseDuration, Use};
use modelmint_common::psp34::{Id, PSP34};
use modelmint_common::registry::ModelRegistry;
use modelmint_common::royalties::Recipient;
use modelmint_common::{Balance, Obligation};
use modelmint_market::{Debt, LicenseSold, Market, OfferTerms, UpstreamCut};
use modelmint_registry::Registry;

/// An odd price, so that every share has a fraction to carry.
const PRICE: Balance = 10_001;

fn perpetual(derivative_royalty: Option<u16>) -> OfferTerms {
    let uses = [Use::CommercialInference, Use::FineTuning];
    offer_terms(PRICE, LicenseDuration::Perpetual, &uses, derivative_royalty, false)
}

#[e2e::test]
async fn a_derivatives_sale_runs_in_the_market_alone_and_pays_each_ancestor_directly<
    Client: E2EBackend,
>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Alice's base 1 <- Bob's 2 (owes 1 10 %) <- Charlie's 3 (owes 2
    // 20 %, and 1 its 10 % flattened in); model 3's revenue is split 50/50
    // between Charlie and Dave, who both accepted; Charlie sells licenses of 3
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    let approve = registry.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("base-chat", &[1]))?;
    let approve = registry.approve_derivative(2, account(Charlie), Some(2_000));
    client.call(&ink_e2e::bob(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::charlie(), model_draft("base-chat-q4", &[2]))?;
    let owed = client.call(&ink_e2e::eve(), &registry.obligations(3)).dry_run().await?;
    let expected =
        vec![Obligation { ancestor: 1, bps: 1_000 }, Obligation { ancestor: 2, bps: 2_000 }];
    assert_eq!(owed.return_value(), expected);
    client.call(&ink_e2e::charlie(), &market.create_offer(3, perpetual(None))).submit().await?;
    let halves = vec![
        Recipient { account: account(Charlie), share: 500_000 },
        Recipient { account: account(Dave), share: 500_000 },
    ];
    client.call(&ink_e2e::charlie(), &market.set_split(3, halves)).submit().await?;
    for recipient in [ink_e2e::charlie(), ink_e2e::dave()] {
        client.call(&recipient, &market.accept_split(3)).submit().await?;
    }

    // when: Eve buys a license of model 3
    let bought =
        client.call(&ink_e2e::eve(), &market.buy(3, 1, PRICE)).value(PRICE).submit().await?;

    // then: one contract frame (the market's own code: no desk, no registry,
    // no ancestor's contract) and one event, from the market
    assert_eq!(frames(&bought.events), vec![Frame::Called { contract: stack.market }]);
    let emitted = bought.contract_emitted_events()?;
    assert_eq!(emitters(&emitted), vec![stack.market]);
    let sold = decode_event::<LicenseSold>(&emitted[0]);
    let upstream = vec![
        UpstreamCut { ancestor: 1, amount: 1_000 },
        UpstreamCut { ancestor: 2, amount: 2_000 },
    ];
    assert_eq!((sold.model, sold.license, sold.price, sold.upstream), (3, 1, PRICE, upstream));

    // and each ancestor got its share of the price directly: floor(1 000.1)
    // for 1 (not 10 % of 2's cut), floor(2 000.2) for 2; model 3 kept 7 001,
    // of which each half's floor (3 500) is its recipient's to take; the
    // fractions are carried, in 1/10 000 of a unit
    macro_rules! read {
        ($message:expr) => {
            client.call(&ink_e2e::eve(), &$message).dry_run().await?.return_value()
        };
    }
    for (model, pending) in [(1, 1_000), (2, 2_000), (3, 7_001)] {
        assert_eq!(read!(market.pending_of(model)), pending, "model {model}");
    }
    for (who, owed) in [(Alice, 0), (Bob, 0), (Charlie, 3_500), (Dave, 3_500)] {
        assert_eq!(read!(market.owed_to(account(who))), owed, "{who:?}");
    }
    let debts = read!(market.model(3)).expect("model 3 is known").debts;
    assert_eq!(
        debts,
        vec![
            Debt { ancestor: 1, bps: 1_000, carry: 1_000 },
            Debt { ancestor: 2, bps: 2_000, carry: 2_000 },
        ]
    );
    assert_eq!(read!(market.solvency()).liabilities, PRICE);

    // when: Alice and Bob collect their models' rounds
    let alices = client.call(&ink_e2e::alice(), &market.withdraw(vec![1])).submit().await?;
    let bobs = client.call(&ink_e2e::bob(), &market.withdraw(vec![2])).submit().await?;
    assert_eq!((alices.return_value(), bobs.return_value()), (Ok(1_000), Ok(2_000)));
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}

#[e2e::test]
async fn bob_cannot_shed_his_parents_share_through_a_second_account<Client: E2EBackend>(
    mut client: Client,
) -> E2EResult<()> {
    // given: Bob's fine-tune 2 owes Alice's base 1 10 %. Dave is Bob's second
    // account: Bob approves him at 0 % and sells him a 0 % derivative license
    let stack: Stack = deploy_stack!(client);
    let mut registry = ink_e2e::create_call_builder::<Registry>(stack.registry);
    let mut market = ink_e2e::create_call_builder::<Market>(stack.market);
    register!(client, stack.registry, ink_e2e::alice(), model_draft("base", &[]))?;
    let approve = registry.approve_derivative(1, account(Bob), Some(1_000));
    client.call(&ink_e2e::alice(), &approve).submit().await?;
    register!(client, stack.registry, ink_e2e::bob(), model_draft("base-ft", &[1]))?;
    let zero = registry.approve_derivative(2, account(Dave), Some(0));
    client.call(&ink_e2e::bob(), &zero).submit().await?;
    let free_rights =
        offer_terms(PRICE, LicenseDuration::Period(DAY), &[Use::FineTuning], Some(0), false);
    client.call(&ink_e2e::bob(), &market.create_offer(2, free_rights)).submit().await?;

    // when: Dave registers a child of the fine-tune through the approval (3)
    // and another through the license (4), and gives both tokens back to Bob
    register!(client, stack.registry, ink_e2e::dave(), model_draft("base-ft-child", &[2]))?;
    client.call(&ink_e2e::dave(), &market.buy(2, 1, PRICE)).value(PRICE).submit().await?;
    register!(client, stack.registry, ink_e2e::dave(), model_draft("base-ft-child-2", &[2]))?;
    for child in [3, 4] {
        let back = registry.transfer(account(Bob), Id::U64(child), Vec::new());
        client.call(&ink_e2e::dave(), &back).submit().await?;
    }

    // then: each child's only edge is 0 %, yet each owes Alice's base its
    // 10 %, in the registry and in the market's copy
    for child in [3, 4] {
        let parents = client.call(&ink_e2e::eve(), &registry.parents(child)).dry_run().await?;
        let edges: Vec<_> =
            parents.return_value().iter().map(|p| (p.model, p.royalty_bps)).collect();
        assert_eq!(edges, vec![(2, 0)], "model {child}");
        let owed = client.call(&ink_e2e::eve(), &registry.obligations(child)).dry_run().await?;
        assert_eq!(owed.return_value(), vec![Obligation { ancestor: 1, bps: 1_000 }]);
        let known = client.call(&ink_e2e::eve(), &market.model(child)).dry_run().await?;
        let known = known.return_value().expect("the child is known");
        assert_eq!(known.owner, account(Bob));
        assert_eq!(known.debts, vec![Debt { ancestor: 1, bps: 1_000, carry: 0 }]);
    }
    let base_before = client.call(&ink_e2e::eve(), &market.pending_of(1)).dry_run().await?;
    let base_before = base_before.return_value();
    let fine_tune_before = client.call(&ink_e2e::eve(), &market.pending_of(2)).dry_run().await?;
    let fine_tune_before = fine_tune_before.return_value();

    // when: Bob sells licenses of both children, to Charlie and Eve each
    for child in [3, 4] {
        let create = market.create_offer(child, perpetual(None));
        let created = client.call(&ink_e2e::bob(), &create).submit().await?.return_value();
        let offer = created.expect("the offer is created");
        for buyer in [ink_e2e::charlie(), ink_e2e::eve()] {
            let buy = market.buy(child, offer, PRICE);
            let bought = client.call(&buyer, &buy).value(PRICE).submit().await?;

            // then: every sale pays Alice 10 % of its price
            let sold = decode_event::<LicenseSold>(&bought.contract_emitted_events()?[0]);
            assert_eq!(sold.model, child);
            assert_eq!(sold.upstream, vec![UpstreamCut { ancestor: 1, amount: 1_000 }]);
        }
    }
    // each sale of 10 001 passed 1 000 and carried 0.1 of a unit: two sales
    // per child carry 0.2 (2 000 in 1/10 000 of a unit)
    let base = client.call(&ink_e2e::eve(), &market.pending_of(1)).dry_run().await?;
    assert_eq!(base.return_value() - base_before, 4 * 1_000);
    for child in [3, 4] {
        let kept = client.call(&ink_e2e::eve(), &market.pending_of(child)).dry_run().await?;
        assert_eq!(kept.return_value(), 2 * (PRICE - 1_000), "Bob keeps 90 % of model {child}");
        let known = client.call(&ink_e2e::eve(), &market.model(child)).dry_run().await?;
        let debts = known.return_value().expect("the child is known").debts;
        assert_eq!(debts, vec![Debt { ancestor: 1, bps: 1_000, carry: 2_000 }]);
    }
    let fine_tune = client.call(&ink_e2e::eve(), &market.pending_of(2)).dry_run().await?;
    assert_eq!(fine_tune.return_value(), fine_tune_before, "the 0 % edge passes nothing to 2");
    crate::assert_ledger_sound!(client, stack.market);
    Ok(())
}
